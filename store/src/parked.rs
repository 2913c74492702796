//! Webhook bodies the store could not take in, kept rather than dropped.

use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::StoreError;

/// A verified webhook body that was kept instead of taken in: what arrived,
/// for which session if known, and why it was not applied.
///
/// # Examples
///
/// ```
/// use eft_session_store::SessionStore;
/// use uuid::Uuid;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), eft_session_store::StoreError> {
/// let store = SessionStore::connect("sqlite::memory:").await?;
/// store.migrate().await?;
/// store.park(Some(Uuid::nil()), b"{}", "no session 00000000-0000-0000-0000-000000000000").await?;
/// let parked = &store.parked().await?[0];
/// assert_eq!(parked.session_id(), Some(Uuid::nil()));
/// assert_eq!(parked.body(), b"{}");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParkedBody {
    number: i64,
    session_id: Option<Uuid>,
    body: Vec<u8>,
    reason: String,
}

impl ParkedBody {
    /// The body's number, increasing in the order bodies were parked.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let first = store.park(None, b"a", "unreadable").await?;
    /// let second = store.park(None, b"b", "unreadable").await?;
    /// assert!(first < second);
    /// assert_eq!(store.parked().await?[1].number(), second);
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn number(&self) -> i64 {
        self.number
    }

    /// The session the body names, when it could be read.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// store.park(None, b"garbage", "unreadable").await?;
    /// assert_eq!(store.parked().await?[0].session_id(), None);
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn session_id(&self) -> Option<Uuid> {
        self.session_id
    }

    /// The body, byte for byte as it arrived.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// store.park(None, &[0xff, 0x00], "not UTF-8").await?;
    /// assert_eq!(store.parked().await?[0].body(), [0xff, 0x00]);
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Why the body was not taken in.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// store.park(None, b"{}", "missing sessionId").await?;
    /// assert_eq!(store.parked().await?[0].reason(), "missing sessionId");
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// A `parked_bodies` row.
    pub(crate) fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let number: i64 = row.try_get("id")?;
        let session_id = row
            .try_get::<Option<String>, _>("session_id")?
            .map(|text| {
                Uuid::parse_str(&text).map_err(|error| {
                    StoreError::corrupt(
                        "parked_bodies",
                        number,
                        format!("session id {text:?} is not a UUID: {error}"),
                    )
                })
            })
            .transpose()?;
        Ok(Self {
            number,
            session_id,
            body: row.try_get("body")?,
            reason: row.try_get("reason")?,
        })
    }
}
