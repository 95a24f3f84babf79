//! 钥匙管理: the key cabinet at the desk — what is out (overdue first), the loans waiting for
//! approval, the cabinet, and the register and loan forms. The rules are the domain's
//! (`steward_domain::keys`); this screen only gathers what the desk types.

use crate::i18n::*;
use crate::sync::use_sync;
use crate::ticket_text::short_time;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use steward_domain::keys::commands::{NewKey, NewLoan};
use steward_domain::keys::incident::NewIncident;
use steward_domain::keys::record::LoanStatus;
use steward_domain::keys::record::{
    Borrower, BorrowerKind, Consent, Emergency, IdType, Key, KeyKind, KeyLoan, KeyState,
};
use steward_domain::keys::rules::{approvals_missing, is_overdue, matches, status};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{
    ApproveKeyLoan, LendKey, MoveKey, RegisterKey, ResealKey, RetireKey, ReturnKey, WithdrawKeyLoan,
};

mod count;
mod forms;
mod history;
mod incidents;
mod loans;
mod mine;

use loans::LoanDetails;
pub use mine::MyKeyLoans;

/// An enum's wire name (what the `<select>` carries).
pub(super) fn wire<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub(super) fn from_wire<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

pub(super) fn kind_text(i18n: I18nContext<Locale>, k: KeyKind) -> &'static str {
    match k {
        KeyKind::Sealed => t_string!(i18n, keys.kind_sealed),
        KeyKind::ShortTerm => t_string!(i18n, keys.kind_short_term),
        KeyKind::Vacant => t_string!(i18n, keys.kind_vacant),
        KeyKind::Repair => t_string!(i18n, keys.kind_repair),
    }
}

pub(super) fn borrower_text(i18n: I18nContext<Locale>, b: BorrowerKind) -> &'static str {
    match b {
        BorrowerKind::Staff => t_string!(i18n, keys.borrower_staff),
        BorrowerKind::Contractor => t_string!(i18n, keys.borrower_contractor),
        BorrowerKind::Cleaner => t_string!(i18n, keys.borrower_cleaner),
        BorrowerKind::Relative => t_string!(i18n, keys.borrower_relative),
        BorrowerKind::Agent => t_string!(i18n, keys.borrower_agent),
    }
}

pub(super) fn id_text(i18n: I18nContext<Locale>, t: IdType) -> &'static str {
    match t {
        IdType::ResidentCard => t_string!(i18n, keys.id_resident_card),
        IdType::HomeReturnPermit => t_string!(i18n, keys.id_home_return),
        IdType::TaiwanPermit => t_string!(i18n, keys.id_taiwan),
        IdType::Passport => t_string!(i18n, keys.id_passport),
        IdType::OwnersLetter => t_string!(i18n, keys.id_letter),
    }
}

pub(super) fn state_text(i18n: I18nContext<Locale>, s: &KeyState) -> &'static str {
    match s {
        KeyState::InCabinet => t_string!(i18n, keys.in_cabinet),
        KeyState::Lent { .. } => t_string!(i18n, keys.lent),
        KeyState::AwaitingReseal => t_string!(i18n, keys.awaiting_reseal),
        KeyState::Missing { .. } => t_string!(i18n, keys.missing),
        KeyState::Retired => t_string!(i18n, keys.retired),
    }
}

pub(super) fn emergency_text(i18n: I18nContext<Locale>, e: Emergency) -> &'static str {
    match e {
        Emergency::Fire => t_string!(i18n, keys.emergency_fire),
        Emergency::Flood => t_string!(i18n, keys.emergency_flood),
        Emergency::Gas => t_string!(i18n, keys.emergency_gas),
    }
}

/// Sends `m`; on a refusal, the reason in `error` (and `false`).
pub(super) use crate::form_send::send;

pub(super) use crate::clock::new_id;

/// Rows of the register drawn at once: a search finds the rest.
const SHOWN: usize = 100;

#[component]
pub fn KeyCabinet() -> impl IntoView {
    // Fetched (and kept) while the cabinet is open online, so the loan form names the
    // escorts from it in a basement too.
    let roster = crate::roster::use_roster();
    let i18n = use_i18n();
    let engine = use_sync();
    let lending = RwSignal::new(None::<String>);
    let resealing = RwSignal::new(None::<String>);
    let changing = RwSignal::new(None::<(String, bool)>);
    let query = RwSignal::new(String::new());
    // Parsed once per change of the replica; a search only filters.
    let all = Memo::new(move |_| {
        // The live register: a retired key keeps its history but leaves the list.
        let mut keys = engine.typed::<Key>();
        keys.retain(|(_, k, _)| k.state != KeyState::Retired);
        keys.sort_by(|a, b| a.1.slot.cmp(&b.1.slot));
        keys
    });
    let keys = move || {
        let q = query.get();
        all.with(|keys| {
            keys.iter().filter(|(_, k, _)| matches(k, &q)).take(SHOWN).cloned().collect::<Vec<_>>()
        })
    };
    let total = move || all.with(Vec::len);
    view! {
        <section class="page" id="keys">
            <h1>{t!(i18n, keys.title)}</h1>
            <p class="intro">{t!(i18n, keys.intro)}</p>
            <loans::OpenLoans />
            <loans::LoanHistory />
            <incidents::OpenIncidents />
            <count::DailyCount />
            <h2>{t!(i18n, keys.cabinet)} " (" {total} ")"</h2>
            <label>{t!(i18n, keys.search)}<input id="key-search" type="search" bind:value=query /></label>
            {move || (total() == 0).then(|| view! { <p class="hint">{t!(i18n, keys.none_registered)}</p> })}
            <table class="keys" id="key-cabinet">
                <thead><tr>
                    <th>{t!(i18n, keys.tag)}</th><th>{t!(i18n, keys.slot)}</th><th>{t!(i18n, keys.unit)}</th>
                    <th>{t!(i18n, keys.kind)}</th><th>{t!(i18n, keys.count)}</th><th>{t!(i18n, keys.state)}</th><th>{t!(i18n, keys.actions)}</th>
                </tr></thead>
                <tbody>
                    {move || keys().into_iter().map(|(id, k, pending)| {
                        let free = k.state == KeyState::InCabinet;
                        let unsealed = k.state == KeyState::AwaitingReseal;
                        let reseal_id = id.clone();
                        let (move_id, retire_id) = (id.clone(), id.clone());
                        let in_slot = steward_domain::keys::count::in_slot(&k.state);
                        view! {
                            <tr class:pending=pending data-tag=k.tag.clone()>
                                <td data-label=move || t_string!(i18n, keys.tag)>{k.tag.clone()}</td>
                                <td data-label=move || t_string!(i18n, keys.slot)>{k.slot.clone()}</td>
                                <td data-label=move || t_string!(i18n, keys.unit)>{k.unit.clone()}</td>
                                <td data-label=move || t_string!(i18n, keys.kind)>{let kind = k.kind; move || kind_text(i18n, kind)}
                                    {k.seal.as_ref().map(|s| view! { <small class="seal">{t!(i18n, keys.seal)} " " {s.number.clone()}</small> })}</td>
                                <td class="key-count" data-label=move || t_string!(i18n, keys.count)>{k.count}</td>
                                <td class="key-state" data-label=move || t_string!(i18n, keys.state)>{
                                    // Asked for but waiting for its approvals: still in the cabinet.
                                    let waiting = matches!(&k.state, KeyState::Lent { loan_id } if engine.one::<KeyLoan>(loan_id).is_some_and(|l| l.status == LoanStatus::AwaitingApproval));
                                    let state = k.state.clone();
                                    move || if waiting { t_string!(i18n, keys.awaiting_approval) } else { state_text(i18n, &state) }
                                }</td>
                                <td>{free.then(|| view! {
                                    <button type="button" class="lend" on:click=move |_| lending.set(Some(id.clone()))>{t!(i18n, keys.lend)}</button>
                                })}{unsealed.then(|| view! {
                                    <button type="button" class="reseal" on:click=move |_| resealing.set(Some(reseal_id.clone()))>{t!(i18n, keys.reseal)}</button>
                                })}{in_slot.then(|| view! {
                                    <button type="button" class="link move" on:click=move |_| changing.set(Some((move_id.clone(), false)))>{t!(i18n, keys.move_slot)}</button>
                                    <button type="button" class="link retire" on:click=move |_| changing.set(Some((retire_id.clone(), true)))>{t!(i18n, keys.retire)}</button>
                                })}<history::KeyHistory history=k.history.clone() /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || lending.get().map(|key_id| view! { <forms::LendForm key_id lending roster /> })}
            {move || resealing.get().map(|key_id| view! { <forms::ResealForm key_id resealing /> })}
            {move || changing.get().map(|(key_id, retiring)| view! { <forms::ChangeForm key_id retiring changing /> })}
            <forms::RegisterForm />
        </section>
    }
}
