//! What the shift must see on its home: the current shift's log, keys still out past their
//! shift or waiting for approvals, and (for the supervisor) days whose log is unsigned.

use crate::i18n::*;
use crate::sync::use_sync;
use crate::ticket_text::short_time;
use leptos::prelude::*;
use steward_domain::duty_log::{DutyLogEntry, unsigned_days};
use steward_domain::keys::record::KeyLoan;
use steward_domain::keys::record::LoanStatus;
use steward_domain::keys::rules::{approvals_missing, is_overdue, status};

use crate::clock::now;

/// How many of the shift's entries the desk's home shows (the latest); the rest are one
/// tap away in the duty log. A busy shift's hundreds of lines must not slow the home screen
/// (10,000 lines rendered here cost a new tablet's first pull 1.4 s of layout).
const SHIFT_LOG_SHOWN: usize = 20;

/// 本班记录: the latest entries of the shift under way.
#[component]
pub fn ShiftLog() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let entries = move || {
        let shifts = crate::patrols::settings(engine).shifts;
        let window = shifts.window(&now());
        let mut mine: Vec<DutyLogEntry> = engine
            .typed::<DutyLogEntry>()
            .into_iter()
            .map(|(_, e, _)| e)
            .filter(|e| e.written_at >= window.start && e.written_at < window.end)
            .collect();
        mine.sort_by(|a, b| b.written_at.cmp(&a.written_at));
        let total = mine.len();
        mine.truncate(SHIFT_LOG_SHOWN);
        (window.name, mine, total)
    };
    view! {
        <section class="card" id="shift-log">
            {move || {
                let (shift, mine, total) = entries();
                let shown = mine.len();
                view! {
                    <h2>{t!(i18n, duty_log.today_shift)} " · " {crate::language::shift_name(i18n, &shift)}</h2>
                    {(total == 0).then(|| view! { <p class="hint" id="shift-log-empty">{t!(i18n, duty_log.shift_empty)}</p> })}
                    // Newest first, each numbered as it stands in the shift (the newest is the
                    // shift's last entry, not "1.").
                    <ol class="log" reversed start=total.to_string()>
                        {mine.into_iter().map(|e| view! {
                            <li><time>{short_time(&e.written_at)}</time> " " <strong>{e.author_name.clone()}</strong> " " {e.text_in(crate::language::english(i18n))}</li>
                        }).collect_view()}
                    </ol>
                    {(total > shown).then(|| view! {
                        <p class="hint" id="shift-log-count">
                            {t_string!(i18n, duty_log.shown).replace("{shown}", &shown.to_string()).replace("{total}", &total.to_string())}
                        </p>
                    })}
                    <a href="/duty-log">{t!(i18n, home.tiles.duty_log)}</a>
                }
            }}
        </section>
    }
}

/// Keys out past their shift (they stay here until returned) and sealed keys' loans that
/// wait for, or went ahead of, their approvals.
#[component]
pub fn KeyAlerts() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let alerts = move || {
        let now = now();
        engine
            .typed::<KeyLoan>()
            .into_iter()
            .filter_map(|(_, l, _)| {
                let overdue = is_overdue(&l, &now);
                let waiting = status(&l) != LoanStatus::Returned && !approvals_missing(&l).is_empty();
                (overdue || waiting).then_some((overdue, l))
            })
            .collect::<Vec<_>>()
    };
    move || {
        let alerts = alerts();
        (!alerts.is_empty()).then(|| view! {
            <section class="card alert" id="key-alerts">
                <h2>{t!(i18n, keys.title)}</h2>
                <ul>
                    {alerts.into_iter().map(|(overdue, l)| view! {
                        <li data-tag=l.tag.clone()>
                            <strong>{l.tag.clone()}</strong> " · " {l.unit.clone()} " · " {l.borrower.name.clone()} " "
                            {if overdue {
                                view! { <span class="tag late">{t!(i18n, keys.overdue)}</span> }.into_any()
                            } else {
                                view! { <span class="tag waiting">{t!(i18n, keys.awaiting_approval)}</span> }.into_any()
                            }}
                        </li>
                    }).collect_view()}
                </ul>
                <a href="/keys">{t!(i18n, home.tiles.keys)}</a>
            </section>
        })
    }
}

/// Past days whose log the supervisor has not signed.
#[component]
pub fn UnsignedDays() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let days = move || {
        let entries: Vec<DutyLogEntry> =
            engine.typed::<DutyLogEntry>().into_iter().map(|(_, e, _)| e).collect();
        unsigned_days(&entries, now().local_day())
    };
    move || {
        let days = days();
        (!days.is_empty()).then(|| view! {
            <section class="card alert" id="unsigned-log-days">
                <p>{t!(i18n, duty_log.unsigned_days)} " "
                    {days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(crate::language::list_sep(i18n))}</p>
                <a href="/duty-log">{t!(i18n, duty_log.sign)}</a>
            </section>
        })
    }
}

/// Handovers the supervisor looks at: refused ones, and those confirmed with items marked ×
/// (each with its reason), over the last three days.
#[component]
pub fn HandoverAlerts() -> impl IntoView {
    use steward_domain::handover::record::Handover;
    let i18n = use_i18n();
    let engine = use_sync();
    let flagged = move || {
        let since = now().local_day() - chrono::Days::new(3);
        let mut all: Vec<Handover> = engine
            .typed::<Handover>()
            .into_iter()
            .map(|(_, h, _)| h)
            .filter(|h| h.needs_supervisor() && h.started_at.local_day() >= since)
            .collect();
        all.sort_by(|a, b| b.started_at.cmp(&a.started_at));
        all
    };
    move || {
        let flagged = flagged();
        (!flagged.is_empty()).then(|| view! {
            <section class="card alert" id="handover-alerts">
                <h2>{t!(i18n, handover.to_review)}</h2>
                <p class="hint">{t!(i18n, handover.to_review_intro)}</p>
                <ul>
                    {flagged.into_iter().map(|h| view! {
                        <li>
                            <strong>{h.day.clone()} " " {h.shift.clone()}</strong> " · " {h.outgoing_name.clone()} " → "
                            {h.incoming_name.clone().unwrap_or_default()}
                            {h.refusal.clone().map(|r| view! { " · " <span class="tag late">{t!(i18n, handover.refused)}</span> " " {r} })}
                            <ul>{h.crossed().into_iter().map(|(item, why)| view! { <li>"× " {item} " — " {why}</li> }).collect_view()}</ul>
                        </li>
                    }).collect_view()}
                </ul>
                <a href="/handover">{t!(i18n, home.tiles.handover)}</a>
            </section>
        })
    }
}
