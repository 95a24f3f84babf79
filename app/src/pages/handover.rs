//! 交接班 at the desk (and the gate): the outgoing person sees what is open and what blocks
//! the handover, writes instructions and incidents, counts the shared items and starts it
//! (offline too); the incoming person checks each item √/× and confirms with their own
//! password or PIN on the same tablet, or refuses with a reason. The rules are the domain's.

use crate::i18n::*;
use crate::sync::use_sync;
use crate::sync_text::refusal_text;
use crate::ticket_text::short_time;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use serde::{Deserialize, Serialize};
use steward_domain::decoration::record::RectificationNotice;
use steward_domain::handover::commands::{ConfirmHandover, ConfirmWithCredentials, NewHandover};
use steward_domain::handover::open_items::{Records, open_items};
use steward_domain::handover::record::{Handover, HandoverStatus, ItemCount, OpenKind};
use steward_domain::handover::rules::{BlockerKind, blockers};
use steward_domain::keys::count::KeyCount;
use steward_domain::keys::record::KeyLoan;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::StartHandover;

const DRAFT: &str = "handover";

use crate::clock::{new_id, now};

fn kind_text(i18n: I18nContext<Locale>, k: OpenKind) -> &'static str {
    match k {
        OpenKind::ShiftTicket => t_string!(i18n, handover.shift_ticket),
        OpenKind::MajorTicket => t_string!(i18n, handover.major_ticket),
        OpenKind::KeyOut => t_string!(i18n, handover.key_out),
        OpenKind::NoticeDue => t_string!(i18n, handover.notice_due),
        OpenKind::PublicRepair => t_string!(i18n, handover.public_repair),
        OpenKind::VisitorInside => t_string!(i18n, handover.visitor_inside),
        OpenKind::ItemWaiting => t_string!(i18n, handover.item_waiting),
    }
}

/// The device's records of a kind, without the pending flag.
fn records<T: steward_domain::apply::Record>(engine: crate::sync::SyncEngine) -> Vec<(String, T)> {
    engine.typed::<T>().into_iter().map(|(id, r, _)| (id, r)).collect()
}

/// What the outgoing person typed, kept on the device until the handover is started.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    instructions: String,
    incidents: String,
    counts: Vec<(String, String)>,
}

#[component]
pub fn HandoverPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let handovers = move || {
        let mut all = engine.typed::<Handover>();
        all.sort_by(|a, b| b.1.started_at.cmp(&a.1.started_at));
        all
    };
    view! {
        <section class="page" id="handover">
            <h1>{t!(i18n, handover.title)}</h1>
            <p class="intro">{t!(i18n, handover.intro)}</p>
            {move || handovers().into_iter().filter(|(_, h, _)| h.status == HandoverStatus::Started)
                .map(|(id, h, pending)| view! { <Incoming id h pending /> }).collect_view()}
            <Outgoing />
            <h2>{t!(i18n, handover.history)}</h2>
            <ul class="cards" id="handover-history">
                {move || handovers().into_iter().filter(|(_, h, _)| h.status != HandoverStatus::Started).take(20)
                    .map(|(_, h, _)| {
                        let refused = h.status == HandoverStatus::Refused;
                        view! {
                            <li class="card" class:refused=refused>
                                <strong>{h.day.clone()} " " {crate::language::shift_name(i18n, &h.shift)}</strong> " · " {h.outgoing_name.clone()} " → "
                                {h.incoming_name.clone().unwrap_or_default()} " · "
                                {if refused { t_string!(i18n, handover.refused) } else { t_string!(i18n, handover.confirmed) }}
                                {h.refusal.clone().map(|r| view! { <p class="error">{r}</p> })}
                                <ul class="handover-crossed">{h.crossed().into_iter().map(|(item, why)| view! { <li class="error">"× " {item} " — " {why}</li> }).collect_view()}</ul>
                            </li>
                        }
                    }).collect_view()}
            </ul>
        </section>
    }
}

/// The outgoing person's side: blockers, what is open, instructions and counts.
#[component]
fn Outgoing() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let settings = Memo::new(move |_| crate::patrols::settings(engine));
    let saved = crate::drafts::load::<Draft>(DRAFT).unwrap_or_default();
    let instructions = RwSignal::new(saved.instructions.clone());
    let incidents = RwSignal::new(saved.incidents.clone());
    let counts = RwSignal::new(saved.counts.clone());
    let message = RwSignal::new(None::<(bool, String)>);
    // The key cabinet's count from today's daily count, then the property's shared items.
    let fresh_counts = move || {
        let today = now().local_day();
        let cabinet = engine
            .typed::<KeyCount>()
            .into_iter()
            .filter(|(_, c, _)| c.at.local_day() == today)
            .max_by(|a, b| a.1.at.cmp(&b.1.at))
            .map(|(_, c, _)| c.present.to_string())
            .unwrap_or_default();
        let mut all = vec![(t_string!(i18n, handover.key_cabinet).to_string(), cabinet)];
        all.extend(settings.get_untracked().handover_items.into_iter().map(|i| (i, String::new())));
        all
    };
    Effect::new(move |_| {
        if counts.with_untracked(|c| c.is_empty()) {
            counts.set(fresh_counts());
        }
    });
    Effect::new(move |_| {
        let d = Draft { instructions: instructions.get(), incidents: incidents.get(), counts: counts.get() };
        let untouched =
            d.instructions.is_empty() && d.incidents.is_empty() && d.counts.iter().all(|(_, n)| n.is_empty());
        crate::drafts::keep_or_drop(DRAFT, &d, untouched);
    });
    let state = move || {
        let tickets = records::<steward_domain::ticket::record::Ticket>(engine);
        let loans = records::<KeyLoan>(engine);
        let notices = records::<RectificationNotice>(engine);
        let visits = records::<steward_domain::visit::Visit>(engine);
        let desk_items = records::<steward_domain::deposit::record::DeskItem>(engine);
        let now = now();
        let blocking = blockers(
            tickets.iter().map(|(i, t)| (i.as_str(), t)),
            loans.iter().map(|(i, l)| (i.as_str(), l)),
            &now,
        );
        let window = settings.get().shifts.window(&now);
        let items = open_items(
            &Records {
                tickets: &tickets,
                loans: &loans,
                notices: &notices,
                visits: &visits,
                items: &desk_items,
            },
            &window,
            &now,
        );
        (blocking, items, window.name)
    };
    let start = move |_| {
        let (blocking, items, _) = state();
        if !blocking.is_empty() {
            return;
        }
        // Every shared item counted: a blank is not a zero.
        let counted: Option<Vec<ItemCount>> = counts
            .get_untracked()
            .into_iter()
            .map(|(name, n)| n.trim().parse().ok().map(|count| ItemCount { name, count }))
            .collect();
        let Some(counted) = counted else {
            message.set(Some((false, t_string!(i18n, handover.count_every).to_string())));
            return;
        };
        let handover = NewHandover {
            items,
            instructions: instructions.get_untracked(),
            incidents: incidents.get_untracked(),
            counts: counted,
        };
        match engine.mutate(Mutation::StartHandover(StartHandover { id: new_id(), handover })) {
            Ok(()) => {
                crate::drafts::discard(DRAFT);
                instructions.set(String::new());
                incidents.set(String::new());
                counts.set(fresh_counts());
                message.set(Some((true, t_string!(i18n, handover.started).to_string())));
            }
            Err(e) => message.set(Some((false, refusal_text(i18n, e)))),
        }
    };
    view! {
        <section class="card" id="handover-outgoing">
            {move || {
                let (blocking, items, shift) = state();
                let blocked = !blocking.is_empty();
                view! {
                    <h2>{t!(i18n, handover.outgoing)} " · " {crate::language::shift_name(i18n, &shift)}</h2>
                    {blocked.then(|| view! {
                        <div class="error" role="alert" id="handover-blockers">
                            <p>{t!(i18n, handover.blocked)}</p>
                            <ul>
                                {blocking.into_iter().map(|b| {
                                    let href = match b.kind {
                                        BlockerKind::UnresolvedTicket => format!("/tickets/{}", b.id),
                                        BlockerKind::OverdueKey => "/keys".to_string(),
                                    };
                                    let why = match b.kind {
                                        BlockerKind::UnresolvedTicket => t_string!(i18n, handover.blocked_ticket),
                                        BlockerKind::OverdueKey => t_string!(i18n, handover.blocked_key),
                                    };
                                    view! { <li><a href=href>{b.label}</a> " — " {why}</li> }
                                }).collect_view()}
                            </ul>
                        </div>
                    })}
                    <h3>{t!(i18n, handover.open_items)}</h3>
                    <ul id="handover-items">
                        {items.into_iter().map(|i| view! { <li><span class="tag">{kind_text(i18n, i.kind)}</span> " " {i.label}</li> }).collect_view()}
                    </ul>
                }
            }}
            <label>{t!(i18n, handover.instructions)}<textarea id="handover-instructions" rows="2" bind:value=instructions></textarea></label>
            <label>{t!(i18n, handover.incidents)}<textarea id="handover-incidents" rows="2" bind:value=incidents></textarea></label>
            <fieldset id="handover-counts">
                <legend>{t!(i18n, handover.counts)}</legend>
                {move || counts.get().into_iter().enumerate().map(|(i, (name, n))| view! {
                    <label>{name}<input class="handover-count" inputmode="numeric" prop:value=n
                        on:input=move |ev| counts.update(|c| c[i].1 = event_target_value(&ev)) /></label>
                }).collect_view()}
            </fieldset>
            // "Started, waiting for the incoming" only while it waits: not after it was confirmed.
            {move || message.get().filter(|(ok, _)| !ok || engine.typed::<Handover>().iter().any(|(_, h, _)| h.status == HandoverStatus::Started))
                .map(|(ok, m)| view! { <p class:ok=ok class:error=!ok role="status" id="handover-started">{m}</p> })}
            <button id="handover-start" type="button" class="primary" disabled=move || !state().0.is_empty() on:click=start>
                {t!(i18n, handover.start)}
            </button>
        </section>
    }
}

/// The incoming person's side of a handover waiting for them.
#[component]
fn Incoming(id: String, h: Handover, pending: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lines: Vec<String> = h
        .items
        .iter()
        .map(|i| format!("{} {}", kind_text(i18n, i.kind), i.label))
        .chain(h.counts.iter().map(|c| format!("{} × {}", c.name, c.count)))
        .collect();
    // Unanswered until the incoming person has looked at each: √, or × with the reason.
    let answers: Vec<RwSignal<Option<bool>>> = lines.iter().map(|_| RwSignal::new(None)).collect();
    let notes: Vec<RwSignal<String>> = lines.iter().map(|_| RwSignal::new(String::new())).collect();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    // A PIN they set (我的账户), or their password.
    let with_pin = RwSignal::new(false);
    let refusal = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let failed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let handover_id = StoredValue::new(id);
    let engine = use_sync();
    let session = crate::session::use_session();
    let navigate = leptos_router::hooks::use_navigate();
    let (answers_at_send, notes_at_send) = (answers.clone(), notes.clone());
    let send = move |accept: bool| {
        let checks: Option<Vec<bool>> = answers_at_send.iter().map(|a| a.get_untracked()).collect();
        let reasons: Vec<String> =
            notes_at_send.iter().map(|n| n.get_untracked().trim().to_string()).collect();
        let checks = match checks {
            // Every item answered, each × with its reason (a refusal has its own reason).
            Some(c) if !accept || c.iter().zip(&reasons).all(|(ok, why)| *ok || !why.is_empty()) => c,
            _ if !accept => vec![false; answers_at_send.len()],
            _ => {
                failed.set(true);
                message.set(Some(t_string!(i18n, handover.answer_each).to_string()));
                return;
            }
        };
        let secret = if with_pin.get_untracked() { pin.get_untracked() } else { password.get_untracked() };
        if username.get_untracked().trim().is_empty() || secret.is_empty() {
            failed.set(true);
            let missing = if with_pin.get_untracked() {
                t_string!(i18n, handover.need_pin)
            } else {
                t_string!(i18n, handover.need_password)
            };
            message.set(Some(missing.to_string()));
            return;
        }
        busy.set(true);
        let req = ConfirmWithCredentials {
            username: username.get_untracked(),
            password: (!with_pin.get_untracked()).then(|| password.get_untracked()),
            pin: with_pin.get_untracked().then(|| pin.get_untracked()),
            confirmation: ConfirmHandover {
                id: handover_id.get_value(),
                log_id: new_id(),
                notes: if accept { reasons } else { Vec::new() },
                checks,
                accept,
                refusal: refusal.get_untracked(),
            },
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            // The outgoing person's changes go first, while the tablet is still theirs.
            engine.refresh(std::time::Duration::from_secs(5)).await;
            if engine.pending_count() > 0 {
                failed.set(true);
                message.set(Some(t_string!(i18n, handover.sync_first).to_string()));
                busy.set(false);
                return;
            }
            match crate::api::confirm_handover(&req).await {
                // Confirmed: the tablet is the incoming person's now.
                Ok(Some(me)) => {
                    session.signed_in(me);
                    navigate("/", Default::default());
                }
                Ok(None) => {
                    failed.set(false);
                    password.set(String::new());
                    pin.set(String::new());
                    message.set(Some(t_string!(i18n, handover.refused_done).to_string()));
                    engine.sync_now();
                }
                Err(crate::api::ApiFailure::Offline) => {
                    failed.set(true);
                    message.set(Some(t_string!(i18n, handover.needs_network).to_string()))
                }
                Err(e)
                    if with_pin.get_untracked()
                        && e.code() == Some(steward_domain::ErrorCode::BadCredentials) =>
                {
                    failed.set(true);
                    message.set(Some(t_string!(i18n, handover.bad_pin).to_string()))
                }
                Err(e) => {
                    failed.set(true);
                    message.set(Some(crate::errors::failure_text(i18n, &e)))
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card handover-incoming" class:pending=pending>
            <h2>{t!(i18n, handover.incoming)} " · " {h.day.clone()} " " {crate::language::shift_name(i18n, &h.shift)} " · " {h.outgoing_name.clone()}
                " " <time>{short_time(&h.started_at)}</time></h2>
            {(!h.instructions.is_empty()).then(|| view! { <p><strong>{t!(i18n, handover.instructions)}</strong> " " {h.instructions.clone()}</p> })}
            {(!h.incidents.is_empty()).then(|| view! { <p><strong>{t!(i18n, handover.incidents)}</strong> " " {h.incidents.clone()}</p> })}
            <ul class="checks">
                {lines.into_iter().enumerate().map(|(i, line)| {
                    let (answer, note) = (answers[i], notes[i]);
                    view! {
                        <li class="handover-line" class:unanswered=move || answer.get().is_none()>
                            <span class="handover-what">{line}</span>
                            <span class="choice">
                                <label class="inline"><input type="radio" name=format!("handover-{i}") class="handover-ok"
                                    prop:checked=move || answer.get() == Some(true) on:change=move |_| answer.set(Some(true)) />"√ " {t!(i18n, handover.item_ok)}</label>
                                <label class="inline"><input type="radio" name=format!("handover-{i}") class="handover-not-ok"
                                    prop:checked=move || answer.get() == Some(false) on:change=move |_| answer.set(Some(false)) />"× " {t!(i18n, handover.item_not_ok)}</label>
                            </span>
                            <Show when=move || answer.get() == Some(false)>
                                <label>{t!(i18n, handover.item_why)}<input class="handover-why" bind:value=note /></label>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label>{t!(i18n, handover.incoming_user)}<input class="handover-username" autocomplete="off" bind:value=username /></label>
            <div class="choice" role="radiogroup">
                <label class="tick"><input type="radio" name="handover-secret" class="handover-with-password"
                    prop:checked=move || !with_pin.get() on:change=move |_| with_pin.set(false) />{t!(i18n, handover.with_password)}</label>
                <label class="tick"><input type="radio" name="handover-secret" class="handover-with-pin"
                    prop:checked=move || with_pin.get() on:change=move |_| with_pin.set(true) />{t!(i18n, handover.with_pin)}</label>
            </div>
            <Show when=move || !with_pin.get()>
                <label>{t!(i18n, handover.incoming_password)}<input class="handover-password" type="password" autocomplete="off" bind:value=password /></label>
            </Show>
            <Show when=move || with_pin.get()>
                <label>{t!(i18n, handover.incoming_pin)}<input class="handover-pin" type="password" inputmode="numeric" maxlength="6" autocomplete="off" bind:value=pin /></label>
            </Show>
            {pending.then(|| view! { <p class="hint">{t!(i18n, handover.wait_sync)}</p> })}
            <button class="primary handover-confirm" type="button" disabled=move || busy.get() || pending on:click={ let send = send.clone(); move |_| send(true) }>{t!(i18n, handover.confirm)}</button>
            <label>{t!(i18n, handover.refusal)}<input class="handover-refusal" bind:value=refusal /></label>
            <button class="handover-refuse" type="button" disabled=move || busy.get() || pending on:click=move |_| send(false)>{t!(i18n, handover.refuse)}</button>
            {move || message.get().map(|m| view! { <p class="handover-message" class:error=failed class:success=move || !failed.get() role="status">{m}</p> })}
        </section>
    }
}
