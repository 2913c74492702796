//! A request of the session API, ready for any HTTP library to send.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// The two methods the session API uses.
///
/// # Examples
///
/// ```
/// use eft_session::api::Method;
///
/// assert_eq!(Method::Post.as_str(), "POST");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: status and details.
    Get,
    /// `POST`: authorize, initiate, cancel, confirm.
    Post,
}

impl Method {
    /// The method's name on the wire.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::Method::Get.as_str(), "GET");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request: its method, its path (to join to the API's base URL), its
/// headers and its body bytes, exactly as the docs describe them.
///
/// `Debug` hides the value of `Authorization` and shows only the size of the
/// body: a request may be logged, and its credentials and the payor's name
/// must not be.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Cancel, Call, Method};
/// use eft_session::wire::AccessToken;
/// use uuid::Uuid;
///
/// let token = AccessToken::new("tok", 299);
/// let request = Cancel::new(Uuid::nil()).request(Some(&token));
/// assert_eq!(request.method(), Method::Post);
/// assert_eq!(request.path(), "/api/v2/sessions/00000000-0000-0000-0000-000000000000/cancel");
/// assert_eq!(request.header("authorization"), Some("Bearer tok"));
/// assert_eq!(request.url("https://payments-uat.flinksapp.com/"), "https://payments-uat.flinksapp.com/api/v2/sessions/00000000-0000-0000-0000-000000000000/cancel");
/// assert!(!format!("{request:?}").contains("tok"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Request {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub(crate) fn header_set(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    pub(crate) fn body_set(mut self, content_type: &'static str, body: Vec<u8>) -> Self {
        self.body = body;
        self.header_set("content-type", String::from(content_type))
    }

    /// The method.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, Method, Status};
    /// use uuid::Uuid;
    ///
    /// assert_eq!(Status::new(Uuid::nil()).request(None).method(), Method::Get);
    /// ```
    #[must_use]
    pub const fn method(&self) -> Method {
        self.method
    }

    /// The path, from the first `/`: the caller joins it to the base URL.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, Status};
    /// use uuid::Uuid;
    ///
    /// assert_eq!(
    ///     Status::new(Uuid::nil()).request(None).path(),
    ///     "/api/v2/sessions/00000000-0000-0000-0000-000000000000/status"
    /// );
    /// ```
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The URL: `base` (`https://payments-uat.flinksapp.com`, with or without
    /// a final `/`, with or without a path prefix) and the path.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, Status};
    /// use uuid::Uuid;
    ///
    /// let request = Status::new(Uuid::nil()).request(None);
    /// assert_eq!(
    ///     request.url("http://127.0.0.1:8080"),
    ///     "http://127.0.0.1:8080/api/v2/sessions/00000000-0000-0000-0000-000000000000/status"
    /// );
    /// ```
    #[must_use]
    pub fn url(&self, base: &str) -> String {
        let mut url = String::from(base.trim_end_matches('/'));
        url.push_str(&self.path);
        url
    }

    /// Every header, in the order written: names in lowercase.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, Status};
    /// use uuid::Uuid;
    ///
    /// let request = Status::new(Uuid::nil()).request(None);
    /// assert_eq!(request.headers().collect::<Vec<_>>(), [("accept", "application/json")]);
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
    }

    /// The value of header `name` (any case), if written.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, Status};
    /// use uuid::Uuid;
    ///
    /// let request = Status::new(Uuid::nil()).request(None);
    /// assert_eq!(request.header("Accept"), Some("application/json"));
    /// assert_eq!(request.header("authorization"), None);
    /// ```
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body bytes: empty for the GETs and for cancel.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, ConfirmGuarantee};
    /// use eft_session::wire::AccessToken;
    /// use uuid::Uuid;
    ///
    /// let request = ConfirmGuarantee::new(Uuid::nil(), true).request(Some(&AccessToken::new("t", 299)));
    /// assert_eq!(request.body(), br#"{"guaranteeAccepted":true}"#);
    /// ```
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The request as the `http` crate's type, to the URL of
    /// [`url`](Self::url) (feature `http1`).
    ///
    /// # Errors
    ///
    /// The `http` crate's, when `base` does not make a valid URI.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, Status};
    /// use uuid::Uuid;
    ///
    /// let request = Status::new(Uuid::nil()).request(None).to_http("http://127.0.0.1:8080")?;
    /// assert_eq!(request.method(), http::Method::GET);
    /// assert_eq!(request.uri().path(), "/api/v2/sessions/00000000-0000-0000-0000-000000000000/status");
    /// assert!(Status::new(Uuid::nil()).request(None).to_http("not a url").is_err());
    /// # Ok::<(), http::Error>(())
    /// ```
    #[cfg(feature = "http1")]
    #[cfg_attr(docsrs, doc(cfg(feature = "http1")))]
    pub fn to_http(&self, base: &str) -> Result<http::Request<Vec<u8>>, http::Error> {
        let method = match self.method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
        };
        let mut builder = http::Request::builder().method(method).uri(self.url(base));
        for (name, value) in self.headers() {
            builder = builder.header(name, value);
        }
        builder.body(self.body.clone())
    }
}

/// The headers without the credentials of `Authorization`.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(&'static str, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut list = f.debug_map();
                for (name, value) in self.0 {
                    if name.eq_ignore_ascii_case("authorization") {
                        let scheme = value.split(' ').next().unwrap_or_default();
                        list.entry(name, &format_args!("{scheme} <redacted>"));
                    } else {
                        list.entry(name, value);
                    }
                }
                list.finish()
            }
        }
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &Headers(&self.headers))
            // The initiate body names the payor: its size, not its content.
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}
