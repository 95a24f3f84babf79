//! 物品放行: the desk issues slips (and keeps restrictions and the devices' keys), the slip
//! prints in two copies with its signed QR code, the gate's phone scans and decides, and
//! the security manager reconciles the day. The rules are the domain's
//! (`steward_domain::release`); these screens gather and show.

use crate::i18n::*;
use crate::sync::{SyncEngine, use_sync};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use std::collections::BTreeMap;
use steward_domain::release::gate::GateCheck;
use steward_domain::release::reconcile::Line;
use steward_domain::release::record::{GateRecord, ReleaseSlip};
use steward_domain::sync::Kind;

mod day;
mod gate;
mod issue;
mod keys;
mod print;
mod restrictions;

pub use day::ReleaseDay;
pub use gate::GatePage;
pub(crate) use issue::draft_from;
pub use print::SlipPrint;

/// A server time as the property reads it, `2026-12-02 04:35` (the tablet's own zone may differ).
pub(super) fn property_time(at: &steward_domain::clock::Timestamp) -> String {
    at.utc().with_timezone(&steward_domain::clock::property_zone()).format("%Y-%m-%d %H:%M").to_string()
}

pub(super) use crate::clock::today;

/// Every gate check this device holds, by slip, in the server's order (a check not yet
/// synced last).
pub(super) fn checks_by_slip(engine: SyncEngine) -> BTreeMap<String, Vec<GateRecord>> {
    let mut by: BTreeMap<String, Vec<(u64, GateRecord)>> = BTreeMap::new();
    engine.visit_records(Kind::GateCheck, |_, version, body, _| {
        if let Ok(r) = serde_json::from_value::<GateRecord>(body.clone()) {
            by.entry(r.slip_id.clone()).or_default().push((if version == 0 { u64::MAX } else { version }, r));
        }
    });
    by.into_iter()
        .map(|(k, mut v)| {
            v.sort_by_key(|a| a.0);
            (k, v.into_iter().map(|(_, r)| r).collect())
        })
        .collect()
}

/// The gate checks made on this device and not yet on the server, by [`check_key`] (not by
/// their time: a change waiting in the outbox is stamped anew each time the view is read).
pub(super) fn pending_checks(engine: SyncEngine) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    engine.visit_records(Kind::GateCheck, |_, _, body, pending| {
        if pending && let Ok(r) = serde_json::from_value::<GateRecord>(body.clone()) {
            out.insert(check_key(&r));
        }
    });
    out
}

fn check_key(c: &GateRecord) -> String {
    format!("{}|{}|{}|{}", c.slip_id, c.gate_time, c.by, c.check.released)
}

pub(super) fn plain(checks: &[GateRecord]) -> Vec<GateCheck> {
    checks.iter().map(|r| r.check.clone()).collect()
}

pub(super) fn line_text(i18n: I18nContext<Locale>, l: Line) -> &'static str {
    match l {
        Line::AgainstRules => t_string!(i18n, release.status_against_rules),
        Line::Unmatched => t_string!(i18n, release.status_unmatched),
        Line::Conflict => t_string!(i18n, release.status_conflict),
        Line::Refused => t_string!(i18n, release.status_refused),
        Line::ExpiredUnused => t_string!(i18n, release.status_expired),
        Line::Open => t_string!(i18n, release.status_open),
        Line::Released => t_string!(i18n, release.status_released),
    }
}

pub(super) fn line_class(l: Line) -> &'static str {
    match l {
        Line::AgainstRules | Line::Unmatched | Line::Conflict | Line::Refused => "tag urgent",
        Line::ExpiredUnused => "tag waiting",
        Line::Open => "tag",
        Line::Released => "tag ok",
    }
}

/// `旧沙发×1、纸箱×6`.
pub(super) fn goods_text(slip: &ReleaseSlip) -> String {
    slip.items.iter().map(|i| format!("{}×{}", i.name, i.quantity)).collect::<Vec<_>>().join("、")
}

/// One gate decision as a line: `14:32（服务器 14:35）赵军 放行` / `… 退回：物品不符`: the
/// gate's clock as the guard saw it, and the server's, which decides.
pub(super) fn check_text(
    i18n: I18nContext<Locale>,
    c: &GateRecord,
    pending: &std::collections::HashSet<String>,
) -> String {
    // Not yet on the server: the time is this phone's own, and says so.
    let when = if pending.contains(&check_key(c)) {
        let own = if c.gate_time.is_empty() { property_time(&c.check.at) } else { c.gate_time.clone() };
        format!("{own}（{}）", t_string!(i18n, release.not_synced_time))
    } else {
        let server = property_time(&c.check.at);
        if c.gate_time.is_empty() {
            server
        } else {
            format!("{}（{} {server}）", c.gate_time, t_string!(i18n, release.server_time))
        }
    };
    if c.check.released {
        format!("{when} {} {}", c.check.by_name, t_string!(i18n, release.released_done))
    } else {
        format!("{when} {} {}：{}", c.check.by_name, t_string!(i18n, release.refuse), c.check.reason)
    }
}

#[component]
pub fn ReleasePage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    crate::device_key::register_when_ready(engine);
    let me = crate::session::use_session().me;
    let supervises = move || {
        me.get().is_some_and(|m| {
            matches!(m.role, steward_domain::Role::Supervisor | steward_domain::Role::Manager)
        })
    };
    view! {
        <section class="page" id="release">
            <h1>{t!(i18n, release.title)}</h1>
            <p class="intro">{t!(i18n, release.intro)}</p>
            <p class="links"><a href="/release/day">{t!(i18n, release.to_day)}</a></p>
            <issue::IssueForm />
            <TodaySlips />
            <restrictions::Restrictions />
            <Show when=supervises><keys::DeviceKeys /></Show>
        </section>
    }
}

/// The slips issued today at this property, newest first, with where each stands.
#[component]
fn TodaySlips() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let rows = move || {
        let today = today();
        let checks = checks_by_slip(engine);
        let mut slips: Vec<(String, ReleaseSlip, bool)> = engine
            .typed::<ReleaseSlip>()
            .into_iter()
            .filter(|(_, s, _)| s.issued_at.local_day() == today || s.until >= today)
            .collect();
        slips.sort_by(|a, b| b.1.issued_at.cmp(&a.1.issued_at));
        slips
            .into_iter()
            .map(|(id, s, pending)| {
                let c = checks.get(&id).cloned().unwrap_or_default();
                let line = steward_domain::release::reconcile::line(&plain(&c), s.until, today);
                (id, s, pending, line, c)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card" id="release-today">
            <h2>{t!(i18n, release.today_slips)}</h2>
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    return view! { <p class="hint">{t!(i18n, release.none)}</p> }.into_any();
                }
                view! {
                    <ul class="slips">
                        {rows.into_iter().map(|(id, s, pending, line, checks)| view! {
                            <li class="slip" class:pending=pending data-unit=s.unit.clone() data-number=ReleaseSlip::number(&id)>
                                <strong>{ReleaseSlip::number(&id)}</strong> " · " {s.unit.clone()} " · " {goods_text(&s)}
                                " " <span class=line_class(line)>{line_text(i18n, line)}</span>
                                {checks.iter().map(|c| view! { <span class="hint"> " " {check_text(i18n, c, &pending_checks(engine))}</span> }).collect_view()}
                                " " <a class="print-slip" href=format!("/release/{id}/print")>{t!(i18n, release.print)}</a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
