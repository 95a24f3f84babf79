//! 钥匙管理: the key cabinet at the desk — what is out (overdue first), the loans waiting for
//! approval, the cabinet, and the register and loan forms. The rules are the domain's
//! (`steward_domain::keys`); this screen only gathers what the desk types.

use crate::i18n::*;
use crate::sync::engine::MutateError;
use crate::sync::use_sync;
use crate::sync_text::rejection_text;
use crate::ticket_text::short_time;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use steward_domain::keys::commands::{NewKey, NewLoan};
use steward_domain::keys::record::{Borrower, BorrowerKind, Consent, Emergency, IdType, Key, KeyKind, KeyLoan, KeyState};
use steward_domain::keys::record::LoanStatus;
use steward_domain::keys::rules::{approvals_missing, is_overdue, status};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ApproveKeyLoan, LendKey, RegisterKey, ReturnKey};

/// An enum's wire name (what the `<select>` carries).
fn wire<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn from_wire<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

fn kind_text(i18n: I18nContext<Locale>, k: KeyKind) -> &'static str {
    match k {
        KeyKind::Sealed => t_string!(i18n, keys.kind_sealed),
        KeyKind::ShortTerm => t_string!(i18n, keys.kind_short_term),
        KeyKind::Vacant => t_string!(i18n, keys.kind_vacant),
        KeyKind::Repair => t_string!(i18n, keys.kind_repair),
    }
}

fn borrower_text(i18n: I18nContext<Locale>, b: BorrowerKind) -> &'static str {
    match b {
        BorrowerKind::Staff => t_string!(i18n, keys.borrower_staff),
        BorrowerKind::Contractor => t_string!(i18n, keys.borrower_contractor),
        BorrowerKind::Cleaner => t_string!(i18n, keys.borrower_cleaner),
        BorrowerKind::Relative => t_string!(i18n, keys.borrower_relative),
        BorrowerKind::Agent => t_string!(i18n, keys.borrower_agent),
    }
}

fn id_text(i18n: I18nContext<Locale>, t: IdType) -> &'static str {
    match t {
        IdType::ResidentCard => t_string!(i18n, keys.id_resident_card),
        IdType::HomeReturnPermit => t_string!(i18n, keys.id_home_return),
        IdType::TaiwanPermit => t_string!(i18n, keys.id_taiwan),
        IdType::Passport => t_string!(i18n, keys.id_passport),
        IdType::OwnersLetter => t_string!(i18n, keys.id_letter),
    }
}

fn state_text(i18n: I18nContext<Locale>, s: &KeyState) -> &'static str {
    match s {
        KeyState::InCabinet => t_string!(i18n, keys.in_cabinet),
        KeyState::Lent { .. } => t_string!(i18n, keys.lent),
        KeyState::AwaitingReseal => t_string!(i18n, keys.awaiting_reseal),
        KeyState::Retired => t_string!(i18n, keys.retired),
    }
}

fn emergency_text(i18n: I18nContext<Locale>, e: Emergency) -> &'static str {
    match e {
        Emergency::Fire => t_string!(i18n, keys.emergency_fire),
        Emergency::Flood => t_string!(i18n, keys.emergency_flood),
        Emergency::Gas => t_string!(i18n, keys.emergency_gas),
    }
}

/// Sends `m`; on a refusal, the reason in `error` (and `false`).
fn send(i18n: I18nContext<Locale>, engine: crate::sync::SyncEngine, m: Mutation, error: RwSignal<Option<String>>) -> bool {
    match engine.mutate(m) {
        Ok(()) => {
            error.set(None);
            true
        }
        Err(MutateError::Rejected(r)) => {
            error.set(Some(rejection_text(i18n, Some(r.code), r.field)));
            false
        }
        Err(MutateError::NotReady) => {
            error.set(Some(t_string!(i18n, sync.not_ready).to_string()));
            false
        }
    }
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[component]
pub fn KeyCabinet() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let lending = RwSignal::new(None::<String>);
    let keys = move || {
        let mut keys = engine.typed::<Key>();
        keys.sort_by(|a, b| a.1.slot.cmp(&b.1.slot));
        keys
    };
    view! {
        <section class="page" id="keys">
            <h1>{t!(i18n, keys.title)}</h1>
            <p class="intro">{t!(i18n, keys.intro)}</p>
            <OpenLoans />
            <h2>{t!(i18n, keys.cabinet)}</h2>
            <table class="keys" id="key-cabinet">
                <thead><tr>
                    <th>{t!(i18n, keys.tag)}</th><th>{t!(i18n, keys.slot)}</th><th>{t!(i18n, keys.unit)}</th>
                    <th>{t!(i18n, keys.kind)}</th><th>{t!(i18n, keys.count)}</th><th>{t!(i18n, keys.state)}</th><th></th>
                </tr></thead>
                <tbody>
                    {move || keys().into_iter().map(|(id, k, pending)| {
                        let free = k.state == KeyState::InCabinet;
                        view! {
                            <tr class:pending=pending data-tag=k.tag.clone()>
                                <td>{k.tag.clone()}</td><td>{k.slot.clone()}</td><td>{k.unit.clone()}</td>
                                <td>{kind_text(i18n, k.kind)}</td><td>{k.count}</td>
                                <td class="key-state">{state_text(i18n, &k.state)}</td>
                                <td>{free.then(|| view! {
                                    <button type="button" class="lend" on:click=move |_| lending.set(Some(id.clone()))>{t!(i18n, keys.lend)}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || lending.get().map(|key_id| view! { <LendForm key_id lending /> })}
            <RegisterForm />
        </section>
    }
}

/// Loans not yet returned: overdue first, then those waiting for approvals.
#[component]
fn OpenLoans() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let error = RwSignal::new(None::<String>);
    let open = move || {
        let now = steward_domain::clock::Timestamp::from_utc(crate::tickets::now());
        let mut loans: Vec<_> = engine
            .typed::<KeyLoan>()
            .into_iter()
            .filter(|(_, l, _)| matches!(status(l), LoanStatus::Out | LoanStatus::AwaitingApproval) || !approvals_missing(l).is_empty())
            .map(|(id, l, pending)| (is_overdue(&l, &now), id, l, pending))
            .collect();
        loans.sort_by(|a, b| (!a.0, &a.2.due_by).cmp(&(!b.0, &b.2.due_by)));
        loans
    };
    view! {
        <h2>{t!(i18n, keys.out)}</h2>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <ul class="loans" id="key-loans">
            {move || open().into_iter().map(|(overdue, id, l, pending)| {
                let role = me.get_untracked().map(|m| m.role);
                let can_approve = role.is_some_and(|r| approvals_missing(&l).contains(&r));
                let approve_id = id.clone();
                let approve = move |_| {
                    send(i18n, engine, Mutation::ApproveKeyLoan(ApproveKeyLoan { id: approve_id.clone() }), error);
                };
                let out = status(&l) == LoanStatus::Out;
                let desk = role.is_some_and(|r| r.runs_the_desk());
                view! {
                    <li class="card loan" class:overdue=overdue class:pending=pending data-tag=l.tag.clone()>
                        <p>
                            <strong>{l.tag.clone()}</strong> " · " {l.unit.clone()} " · " {l.borrower.name.clone()}
                            " · " {l.purpose.clone()}
                        </p>
                        <p class="hint">
                            {t!(i18n, keys.due_by)} " " {short_time(&l.due_by)}
                            {l.consent.as_ref().map(|c| view! { " · " {t!(i18n, keys.consent)} " " {steward_domain::phone::mask(&c.phone)} " " {c.at.replace('T', " ")} })}
                        </p>
                        {overdue.then(|| view! { <span class="tag late">{t!(i18n, keys.overdue)}</span> })}
                        {(!out).then(|| view! { <span class="tag waiting">{t!(i18n, keys.awaiting_approval)}</span> })}
                        {l.emergency.map(|e| view! { <span class="tag late">{emergency_text(i18n, e)}</span> })}
                        {(!approvals_missing(&l).is_empty() && out).then(|| view! { <span class="tag waiting">{t!(i18n, keys.approvals_after)}</span> })}
                        {can_approve.then(|| view! { <button type="button" class="approve" on:click=approve>{t!(i18n, keys.approve)}</button> })}
                        {(out && desk && l.returned.is_none()).then(|| view! { <ReturnForm loan_id=id.clone() loan=l.clone() /> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ReturnForm(loan_id: String, loan: KeyLoan) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let count = RwSignal::new(loan.count.to_string());
    let power_off = RwSignal::new(false);
    let windows_shut = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let vacant = loan.key_kind == KeyKind::Vacant;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = Mutation::ReturnKey(ReturnKey {
            id: loan_id.clone(),
            count: count.get_untracked().trim().parse().unwrap_or(0),
            power_off: vacant.then(|| power_off.get_untracked()),
            windows_shut: vacant.then(|| windows_shut.get_untracked()),
            note: note.get_untracked(),
        });
        send(i18n, engine, m, error);
    };
    view! {
        <form class="return" on:submit=submit novalidate>
            <label>{t!(i18n, keys.returned_count)}<input class="return-count" type="number" min="0" bind:value=count /></label>
            {vacant.then(|| view! {
                <label class="check"><input type="checkbox" class="power-off" bind:checked=power_off />{t!(i18n, keys.power_off)}</label>
                <label class="check"><input type="checkbox" class="windows-shut" bind:checked=windows_shut />{t!(i18n, keys.windows_shut)}</label>
            })}
            <label>{t!(i18n, keys.return_note)}<input class="return-note" bind:value=note /></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="primary return-submit">{t!(i18n, keys.give_back)}</button>
        </form>
    }
}

#[component]
fn LendForm(key_id: String, lending: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let borrower = RwSignal::new(wire(&BorrowerKind::Staff));
    let name = RwSignal::new(String::new());
    let id_type = RwSignal::new(wire(&IdType::ResidentCard));
    let id_last4 = RwSignal::new(String::new());
    let pass = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let serves = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let called_by = RwSignal::new(crate::session::use_session().me.get_untracked().map(|m| m.display_name).unwrap_or_default());
    let consent_at = RwSignal::new(String::new());
    let emergency = RwSignal::new(String::new());
    let escort1 = RwSignal::new(String::new());
    let escort2 = RwSignal::new(String::new());
    let count = RwSignal::new("1".to_string());
    let error = RwSignal::new(None::<String>);
    let shows_id = move || from_wire::<BorrowerKind>(&borrower.get()).is_some_and(|b| b.shows_id());
    let cleaner = move || from_wire::<BorrowerKind>(&borrower.get()) == Some(BorrowerKind::Cleaner);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = from_wire::<BorrowerKind>(&borrower.get_untracked()).unwrap_or(BorrowerKind::Staff);
        let filled = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let consent = filled(phone).map(|phone| Consent { phone, called_by: called_by.get_untracked(), at: consent_at.get_untracked() });
        let loan = NewLoan {
            key_id: key_id.clone(),
            borrower: Borrower {
                kind,
                name: name.get_untracked(),
                id_type: kind.shows_id().then(|| from_wire(&id_type.get_untracked())).flatten(),
                id_last4: kind.shows_id().then(|| id_last4.get_untracked()),
                pass: (kind == BorrowerKind::Cleaner).then(|| pass.get_untracked()),
                letter: None,
            },
            purpose: purpose.get_untracked(),
            serves: filled(serves),
            consent,
            emergency: from_wire(&emergency.get_untracked()),
            escorts: [escort1, escort2].into_iter().filter_map(filled).collect(),
            count: count.get_untracked().trim().parse().unwrap_or(0),
        };
        if send(i18n, engine, Mutation::LendKey(LendKey { id: new_id(), loan }), error) {
            lending.set(None);
        }
    };
    view! {
        <form class="card" id="lend-form" on:submit=submit novalidate>
            <h2>{t!(i18n, keys.lend_title)}</h2>
            <label>{t!(i18n, keys.borrower)}
                <select id="lend-borrower" on:change=move |ev| borrower.set(event_target_value(&ev))>
                    {BorrowerKind::ALL.iter().map(|b| view! { <option value=wire(b)>{borrower_text(i18n, *b)}</option> }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, keys.borrower_name)}<input id="lend-name" bind:value=name /></label>
            <Show when=shows_id>
                <label>{t!(i18n, keys.id_type)}
                    <select id="lend-id-type" on:change=move |ev| id_type.set(event_target_value(&ev))>
                        {IdType::ALL.iter().map(|t| view! { <option value=wire(t)>{id_text(i18n, *t)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t!(i18n, keys.id_last4)}<input id="lend-id-last4" maxlength="4" bind:value=id_last4 /></label>
            </Show>
            <Show when=cleaner>
                <label>{t!(i18n, keys.pass)}<input id="lend-pass" bind:value=pass /></label>
            </Show>
            <label>{t!(i18n, keys.purpose)}<input id="lend-purpose" bind:value=purpose /></label>
            <label>{t!(i18n, keys.serves)}<input id="lend-serves" bind:value=serves /></label>
            <fieldset>
                <legend>{t!(i18n, keys.consent_title)}</legend>
                <label>{t!(i18n, keys.consent_phone)}<input id="lend-consent-phone" type="tel" inputmode="tel" bind:value=phone /></label>
                <label>{t!(i18n, keys.consent_by)}<input id="lend-consent-by" bind:value=called_by /></label>
                <label>{t!(i18n, keys.consent_at)}<input id="lend-consent-at" type="datetime-local" bind:value=consent_at /></label>
            </fieldset>
            <label>{t!(i18n, keys.emergency)}
                <select id="lend-emergency" on:change=move |ev| emergency.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, keys.no_emergency)}</option>
                    {[Emergency::Flood, Emergency::Fire, Emergency::Gas].iter().map(|e| view! { <option value=wire(e)>{emergency_text(i18n, *e)}</option> }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, keys.escorts)}<input id="lend-escort-1" bind:value=escort1 /><input id="lend-escort-2" bind:value=escort2 /></label>
            <label>{t!(i18n, keys.count)}<input id="lend-count" type="number" min="1" bind:value=count /></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button id="lend-submit" type="submit" class="primary">{t!(i18n, keys.lend)}</button>
            <button type="button" class="link" on:click=move |_| lending.set(None)>{t!(i18n, keys.cancel)}</button>
        </form>
    }
}

/// Registers a key. A sealed key needs the owner's signature, captured on the tablet: that
/// pad is still to come, so the form offers the other kinds.
#[component]
fn RegisterForm() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let tag = RwSignal::new(String::new());
    let slot = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let kind = RwSignal::new(wire(&KeyKind::ShortTerm));
    let count = RwSignal::new("1".to_string());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = NewKey {
            tag: tag.get_untracked(),
            slot: slot.get_untracked(),
            unit: unit.get_untracked(),
            kind: from_wire(&kind.get_untracked()).unwrap_or(KeyKind::ShortTerm),
            count: count.get_untracked().trim().parse().unwrap_or(0),
            seal_number: None,
            signature: None,
        };
        if send(i18n, engine, Mutation::RegisterKey(RegisterKey { id: new_id(), key }), error) {
            for s in [tag, slot, unit] {
                s.set(String::new());
            }
            count.set("1".into());
        }
    };
    view! {
        <form class="card" id="register-key" on:submit=submit novalidate>
            <h2>{t!(i18n, keys.register)}</h2>
            <label>{t!(i18n, keys.tag)}<input id="key-tag" bind:value=tag /></label>
            <label>{t!(i18n, keys.slot)}<input id="key-slot" bind:value=slot /></label>
            <label>{t!(i18n, keys.unit)}<input id="key-unit" placeholder="3栋-1502" bind:value=unit /></label>
            <label>{t!(i18n, keys.kind)}
                <select id="key-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {[KeyKind::ShortTerm, KeyKind::Vacant, KeyKind::Repair].iter().map(|k| view! { <option value=wire(k)>{kind_text(i18n, *k)}</option> }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, keys.count)}<input id="key-count" type="number" min="1" bind:value=count /></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button id="key-submit" type="submit" class="primary">{t!(i18n, keys.register)}</button>
        </form>
    }
}
