//! What waits at the desk: deposits for the supervisor's answer, items for their recipients
//! (the long-waiting flagged), and what was handed over today.

use super::*;
use steward_domain::deposit::record::ItemStatus;
use steward_domain::keys::record::IdType;
use steward_domain::sync::commands::{ApproveDeposit, HandOverDeskItem};

fn at(t: &steward_domain::clock::Timestamp) -> String {
    t.utc().with_timezone(&steward_domain::clock::property_zone()).format("%m-%d %H:%M").to_string()
}

#[component]
pub(super) fn ItemLists() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let approves = move || {
        me.get().is_some_and(|m| {
            matches!(m.role, steward_domain::Role::Supervisor | steward_domain::Role::Manager)
        })
    };
    let error = RwSignal::new(None::<String>);
    let with = move |status: ItemStatus| {
        let mut all: Vec<_> =
            engine.typed::<DeskItem>().into_iter().filter(|(_, d, _)| d.status() == status).collect();
        all.sort_by(|a, b| a.1.logged_at.cmp(&b.1.logged_at));
        all
    };
    let handed_today = move || {
        let today = crate::clock::today();
        with(ItemStatus::HandedOver)
            .into_iter()
            .chain(with(ItemStatus::Returned))
            .filter(|(_, d, _)| d.handed.as_ref().is_some_and(|h| h.at.local_day() == today))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card" id="deposits-approval">
            <h2>{t!(i18n, deposits.awaiting)}</h2>
            <ul>
                <For each=move || with(ItemStatus::AwaitingApproval) key=|(id, _, p)| (id.clone(), *p) children=move |(id, d, _)| {
                    let reason = RwSignal::new(String::new());
                    let answer = move |approved: bool| {
                        let m = Mutation::ApproveDeposit(ApproveDeposit { id: id.clone(), approved, reason: reason.get_untracked() });
                        crate::form_send::send(i18n, engine, m, error);
                    };
                    let (yes, no) = (answer.clone(), answer);
                    view! {
                        <li class="desk-item" data-item=d.item.clone()>
                            <strong>{line(i18n, &d)}</strong> " " <small>{d.from.clone()} " · " {at(&d.logged_at)} " · " {d.logged_by_name.clone()}</small>
                            <Show when=approves fallback=move || view! { <span class="tag">{t!(i18n, deposits.waiting_supervisor)}</span> }>
                                <input class="approve-reason" aria-label=move || t_string!(i18n, deposits.refuse_reason) placeholder=move || t_string!(i18n, deposits.refuse_reason) bind:value=reason />
                                <button type="button" class="primary approve" on:click={ let yes = yes.clone(); move |_| yes(true) }>{t!(i18n, deposits.approve)}</button>
                                <button type="button" class="refuse" on:click={ let no = no.clone(); move |_| no(false) }>{t!(i18n, deposits.refuse)}</button>
                            </Show>
                        </li>
                    }
                } />
            </ul>
        </section>
        <section class="card" id="deposits-waiting">
            <h2>{t!(i18n, deposits.waiting)}</h2>
            <ul>
                <For each=move || with(ItemStatus::Waiting) key=|(id, _, p)| (id.clone(), *p) children=move |(id, d, _)| {
                    let today = crate::clock::today();
                    let flag = d.flagged(today).then(|| t_string!(i18n, deposits.flagged).replace("{days}", &d.days_waiting(today).to_string()));
                    let flagged = flag.is_some();
                    view! {
                        <li class="desk-item" class:flagged=flagged data-item=d.item.clone()>
                            <strong>{line(i18n, &d)}</strong> " " <small>{d.from.clone()} " · " {at(&d.logged_at)}</small>
                            {flag.map(|f| view! { " " <span class="tag error">{f}</span> })}
                            <div class="photos">{d.photos.iter().cloned().map(|photo| view! { <crate::photos::PhotoThumb photo /> }).collect_view()}</div>
                            <HandOver id=id.clone() error />
                        </li>
                    }
                } />
            </ul>
            {move || error.get().map(|e| view! { <p class="error" id="deposits-error" role="alert">{e}</p> })}
        </section>
        <section class="card" id="deposits-refused">
            <h2>{t!(i18n, deposits.refused)}</h2>
            <ul>
                <For each=move || with(ItemStatus::Refused) key=|(id, _, p)| (id.clone(), *p) children=move |(id, d, _)| {
                    let a = d.approval.clone().unwrap();
                    view! {
                        <li class="desk-item" data-item=d.item.clone()>{line(i18n, &d)} " · " {d.from.clone()} " · " {a.by_name.clone()} {crate::language::colon(i18n)} {a.reason.clone()}
                            <HandOver id=id.clone() error give_back=true />
                        </li>
                    }
                } />
            </ul>
        </section>
        <section class="card" id="deposits-handed">
            <h2>{t!(i18n, deposits.handed_today)}</h2>
            <ul>
                {move || handed_today().into_iter().map(|(_, d, _)| {
                    let h = d.handed.clone().unwrap();
                    let how = h.id_last4.clone().map(|l| format!("****{l}")).unwrap_or_else(|| t_string!(i18n, deposits.signed).to_string());
                    view! { <li class="desk-item" data-item=d.item.clone()>{line(i18n, &d)} " → " {h.recipient.clone()} " " {how} " · " {at(&h.at)} " · " {h.by_name.clone()}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The recipient's name and the last four of their ID, or their signature on the pad.
#[component]
fn HandOver(
    id: String,
    error: RwSignal<Option<String>>,
    /// A refused deposit going back to whoever left it.
    #[prop(optional)]
    give_back: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let recipient = RwSignal::new(String::new());
    let id_kind = RwSignal::new(format!("{:?}", IdType::ResidentCard));
    let last4 = RwSignal::new(String::new());
    let signed = RwSignal::new(false);
    let pad = NodeRef::<leptos::html::Canvas>::new();
    let by_signature = RwSignal::new(false);
    let give = move |_| {
        let mut m = HandOverDeskItem {
            id: id.clone(),
            recipient: recipient.get_untracked(),
            id_type: IdType::ALL.into_iter().find(|t| format!("{t:?}") == id_kind.get_untracked()),
            id_last4: Some(last4.get_untracked()),
            signature: None,
        };
        if !by_signature.get_untracked() {
            crate::form_send::send(i18n, engine, Mutation::HandOverDeskItem(m), error);
            return;
        }
        (m.id_type, m.id_last4) = (None, None);
        if !signed.get_untracked() {
            error.set(Some(t_string!(i18n, sync.field_id).to_string()));
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::signature::take(pad).await {
                Ok(taken) => {
                    m.signature = Some(taken.photo.clone());
                    match engine.attach_photos(vec![taken], Mutation::HandOverDeskItem(m)).await {
                        Ok(()) => error.set(None),
                        Err(e) => error.set(Some(crate::sync_text::refusal_text(i18n, e))),
                    }
                }
                Err(_) => error.set(Some(t_string!(i18n, errors.internal).to_string())),
            }
        });
    };
    view! {
        <div class="row hand-over">
            <input class="recipient" aria-label=move || t_string!(i18n, deposits.recipient) placeholder=move || t_string!(i18n, deposits.recipient) bind:value=recipient />
            <Show when=move || !by_signature.get()>
                <select class="recipient-id-type" aria-label=move || t_string!(i18n, visitors.id_type) on:change=move |ev| id_kind.set(event_target_value(&ev))>
                    {IdType::ALL.into_iter().filter(|t| *t != IdType::OwnersLetter).map(|t| {
                        let value = format!("{t:?}");
                        let selected = { let value = value.clone(); move || id_kind.get() == value };
                        view! { <option value=value selected=selected>{super::super::keys::id_text(i18n, t)}</option> }
                    }).collect_view()}
                </select>
                <input class="recipient-id" maxlength="4" aria-label=move || t_string!(i18n, deposits.id_last4) placeholder=move || t_string!(i18n, deposits.id_last4) bind:value=last4 />
            </Show>
            <label class="inline"><input type="checkbox" class="by-signature" prop:checked=move || by_signature.get() on:change=move |ev| by_signature.set(event_target_checked(&ev)) />{t!(i18n, deposits.by_signature)}</label>
            <button type="button" class="primary give" on:click=give>
                {move || if give_back { t_string!(i18n, deposits.give_back) } else { t_string!(i18n, deposits.hand_over) }}
            </button>
        </div>
        <Show when=move || by_signature.get()>
            <crate::signature::SignaturePad id="deposit-signature" pad signed />
        </Show>
    }
}
