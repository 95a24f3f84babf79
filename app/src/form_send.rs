//! What a form does with the change it made: hand it to the sync engine, or say why not in
//! the form's error line (the domain's refusal, translated).

use crate::i18n::*;
use crate::sync::SyncEngine;
use crate::sync::engine::MutateError;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use steward_domain::sync::Mutation;

/// `true` when the change is on its way (the error line cleared).
pub fn send(
    i18n: I18nContext<Locale>,
    engine: SyncEngine,
    m: Mutation,
    error: RwSignal<Option<String>>,
) -> bool {
    match engine.mutate(m) {
        Ok(()) => {
            error.set(None);
            true
        }
        Err(MutateError::Rejected(r)) => {
            error.set(Some(crate::sync_text::rejection_text(i18n, Some(r.code), r.field)));
            false
        }
        Err(MutateError::NotReady) => {
            error.set(Some(t_string!(i18n, sync.not_ready).to_string()));
            false
        }
    }
}
