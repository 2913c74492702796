//! What the store's tests share: the throwaway PostgreSQL server and a
//! synchronous adapter that lets the core's test kit drive the async store.

// Each test binary uses a part of this module.
#![allow(dead_code)]

pub mod postgres;

use eft_session::strategy::model::{self as kit, StoreTest};
use eft_session::wire::{CancelSessionResponse, ConfirmGuaranteeResponse};
use eft_session::{
    Event, Observation, Product, ReferenceId, SessionState, SessionStatus, StatusDetail, Transition,
};
use eft_session_store::{SessionStore, StoreError};
use tokio::runtime::Runtime;
use uuid::Uuid;

/// The store behind the kit's synchronous `SessionStore` trait: a
/// current-thread runtime of its own, `block_on` for every call.
pub struct Blocking {
    runtime: Runtime,
    store: SessionStore,
}

impl Blocking {
    /// A runtime, then a store that `connect` opens on it, migrated.
    pub fn open<F>(connect: impl FnOnce() -> F) -> Result<Self, kit::StoreError>
    where
        F: Future<Output = Result<SessionStore, StoreError>>,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(kit::StoreError::storage)?;
        let store = runtime.block_on(async {
            let store = connect().await?;
            store.migrate().await?;
            Ok::<_, StoreError>(store)
        });
        Ok(Self {
            store: store.map_err(kit::StoreError::storage)?,
            runtime,
        })
    }
}

impl Drop for Blocking {
    fn drop(&mut self) {
        // Connections close on the runtime that opened them.
        self.runtime.block_on(self.store.close());
    }
}

/// The store's error as the kit's: the lifecycle's errors unchanged, the
/// rest as a storage failure the kit reports.
fn to_kit(error: StoreError) -> kit::StoreError {
    match error {
        StoreError::NotFound(id) => kit::StoreError::NotFound(id),
        StoreError::Transition(error) => kit::StoreError::Transition(error),
        StoreError::Observe(error) => kit::StoreError::Observe(error),
        other => kit::StoreError::storage(other),
    }
}

impl kit::SessionStore for Blocking {
    fn create(
        &mut self,
        id: Uuid,
        product: Product,
        reference_id: Option<ReferenceId>,
    ) -> Result<(), kit::StoreError> {
        self.runtime
            .block_on(self.store.create(id, product, reference_id))
            .map(drop)
            .map_err(to_kit)
    }

    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, kit::StoreError> {
        self.runtime
            .block_on(self.store.apply(id, event))
            .map_err(to_kit)
    }

    fn cancel(&mut self, id: Uuid) -> Result<(Transition, CancelSessionResponse), kit::StoreError> {
        self.runtime.block_on(self.store.cancel(id)).map_err(to_kit)
    }

    fn confirm_guarantee(
        &mut self,
        id: Uuid,
        accepted: bool,
    ) -> Result<(Transition, ConfirmGuaranteeResponse), kit::StoreError> {
        self.runtime
            .block_on(self.store.confirm_guarantee(id, accepted))
            .map_err(to_kit)
    }

    fn observe(
        &mut self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, kit::StoreError> {
        self.runtime
            .block_on(self.store.observe(id, status, detail))
            .map_err(to_kit)
    }

    fn state(&mut self, id: Uuid) -> Result<Option<SessionState>, kit::StoreError> {
        let session = self
            .runtime
            .block_on(self.store.session(id))
            .map_err(to_kit)?;
        Ok(session.map(|session| session.state()))
    }

    fn log(&mut self, id: Uuid) -> Result<Option<Vec<Transition>>, kit::StoreError> {
        self.runtime
            .block_on(self.store.log(id))
            .map(Some)
            .map_err(to_kit)
    }
}

/// The kit's test of stores `open` makes, `cases` sequences.
pub fn kit_test<F>(cases: u32, open: F) -> StoreTest<F>
where
    F: FnMut() -> Result<Blocking, kit::StoreError>,
{
    StoreTest::new(open).cases(cases)
}

/// Runs each of `statements` on `store`'s database and checks that the
/// append-only trigger refuses it, naming itself.
pub async fn assert_append_only(store: &SessionStore, statements: &[&str]) {
    for statement in statements {
        let err = sqlx::query(statement)
            .execute(store.pool())
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("transitions is append-only"),
            "{statement}: {err}"
        );
    }
}
