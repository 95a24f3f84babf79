//! 通知/公告 and 工作联络单: drafted at the desk, approved by the supervisor, printed as a
//! bilingual A4 poster with a QR code, put up with a photo, read by the homes (the QR page,
//! the counter, door to door on a phone with no network) and taken down. The rules and the
//! counting are the domain's (`steward_domain::announcement`, `steward_domain::coverage`);
//! these screens gather and show.

use crate::i18n::*;
use crate::sync::{SyncEngine, use_sync};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use steward_domain::Role;
use steward_domain::announcement::record::{
    Announcement, AnnouncementReply, AnnouncementStatus, Audience, Topic,
};

mod detail;
mod draft;
mod print;

pub use detail::NoticeDetail;
pub use print::NoticePoster;

pub(crate) fn topic_text(i18n: I18nContext<Locale>, t: Topic) -> &'static str {
    match t {
        Topic::WaterOutage => t_string!(i18n, notices.topic_water),
        Topic::PowerOutage => t_string!(i18n, notices.topic_power),
        Topic::Fees => t_string!(i18n, notices.topic_fees),
        Topic::Activity => t_string!(i18n, notices.topic_activity),
        Topic::Rule => t_string!(i18n, notices.topic_rule),
        Topic::Other => t_string!(i18n, notices.topic_other),
        Topic::Liaison => t_string!(i18n, notices.topic_liaison),
    }
}

pub(crate) fn status_text(i18n: I18nContext<Locale>, s: AnnouncementStatus) -> &'static str {
    match s {
        AnnouncementStatus::AwaitingApproval => t_string!(i18n, notices.status_awaiting),
        AnnouncementStatus::Returned => t_string!(i18n, notices.status_returned),
        AnnouncementStatus::Approved => t_string!(i18n, notices.status_approved),
        AnnouncementStatus::Posted => t_string!(i18n, notices.status_posted),
        AnnouncementStatus::DueDown => t_string!(i18n, notices.status_due_down),
        AnnouncementStatus::TakenDown => t_string!(i18n, notices.status_taken_down),
        AnnouncementStatus::Sent => t_string!(i18n, notices.status_sent),
        AnnouncementStatus::Acknowledged => t_string!(i18n, notices.status_acknowledged),
        AnnouncementStatus::Withdrawn => t_string!(i18n, notices.status_withdrawn),
    }
}

/// Whom it is for, in words: `全体业主`, `3栋、5栋`, `12 户`, `工程部、清洁部`.
pub(crate) fn audience_text(i18n: I18nContext<Locale>, a: &Audience) -> String {
    let sep = if crate::ticket_text::english(i18n) { ", " } else { "、" };
    match a {
        Audience::All => t_string!(i18n, notices.audience_all).to_string(),
        Audience::Buildings { buildings } => buildings.join(sep),
        Audience::Units { units } if units.len() <= 6 => units.join(sep),
        Audience::Units { units } => format!("{} {}", units.len(), t_string!(i18n, notices.homes)),
        Audience::Departments { departments } => {
            departments.iter().map(|d| crate::ticket_text::department(i18n, *d)).collect::<Vec<_>>().join(sep)
        }
    }
}

/// `2026-12-07 14:30` in the property's zone: when an outage or an activity is (a notice
/// may be read weeks ahead).
pub(crate) fn when(t: &steward_domain::clock::Timestamp) -> String {
    t.utc().with_timezone(&steward_domain::clock::property_zone()).format("%Y-%m-%d %H:%M").to_string()
}

/// `12-07 14:30` in the property's zone.
pub(crate) fn at(t: &steward_domain::clock::Timestamp) -> String {
    t.utc().with_timezone(&steward_domain::clock::property_zone()).format("%m-%d %H:%M").to_string()
}

/// The homes' replies to notice `id` held on this device.
pub(crate) fn replies_of(engine: SyncEngine, id: &str) -> Vec<AnnouncementReply> {
    engine
        .typed::<AnnouncementReply>()
        .into_iter()
        .map(|(_, r, _)| r)
        .filter(|r| r.announcement_id == id)
        .collect()
}

/// The homes a notice or survey can reach: the register this device keeps, in its order,
/// without the vacant units (空置: nobody lives there to read or answer).
pub(crate) fn register(units: &[steward_domain::directory::DirectoryUnit]) -> Vec<String> {
    units.iter().filter(|u| !u.vacant).map(|u| u.unit.clone()).collect()
}

/// The household's page at `path` (`/n/<id>`, `/s/<id>`), absolute, for a QR code.
pub(crate) fn household_url(path: &str) -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}{path}")
}

/// Whether this role's device counts who has read (engineering and the gate see the
/// notices, not the homes' replies).
pub(crate) fn counts_replies(role: Option<Role>) -> bool {
    role.is_some_and(|r| steward_domain::sync::Kind::AnnouncementReply.visible_to(r))
}

fn role() -> Option<Role> {
    crate::session::use_session().me.get().map(|m| m.role)
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let directory = crate::directory::use_directory();
    let desk = move || role().is_some_and(Role::runs_the_desk);
    let approves = move || role().is_some_and(Role::reviews_the_log);
    let all = move || {
        let mut all = engine.typed::<Announcement>();
        all.sort_by(|a, b| b.1.drafted_at.cmp(&a.1.drafted_at));
        all
    };
    let with = move |wanted: &'static [AnnouncementStatus]| {
        let today = crate::clock::today();
        all().into_iter().filter(move |(_, a, _)| wanted.contains(&a.status(today))).collect::<Vec<_>>()
    };
    // Read per notice: homes reached of homes asked, by the domain's count.
    let reached = move |id: &str, a: &Announcement| {
        if a.topic == Topic::Liaison || !counts_replies(role()) {
            return None;
        }
        let units = register(&directory.get());
        let rows = steward_domain::announcement::coverage(
            a,
            units.iter().map(String::as_str),
            &replies_of(engine, id),
        );
        Some(steward_domain::coverage::total(&rows))
    };
    let row = move |(id, a, pending): (String, Announcement, bool)| {
        let status = a.status(crate::clock::today());
        let count = reached(&id, &a);
        let waiting = a.departments_waiting();
        view! {
            <li class="notice-row" data-title=a.title.clone() class:due=status == AnnouncementStatus::DueDown>
                <a href=format!("/announcements/{id}")><strong>{a.title.clone()}</strong></a>
                " " <span class="tag">{topic_text(i18n, a.topic)}</span>
                " " <span class="tag status">{status_text(i18n, status)}</span>
                {pending.then(|| view! { <span class="tag pending">{t!(i18n, notices.pending)}</span> })}
                <br /><small>{audience_text(i18n, &a.audience)} " · " {t!(i18n, notices.until)} " " {a.expires.to_string()}</small>
                {count.map(|(homes, read)| view! {
                    <small class="coverage-count">" · " {t!(i18n, notices.read_count)} " " {read} "/" {homes}</small>
                })}
                {(!waiting.is_empty()).then(|| view! {
                    <small>" · " {t!(i18n, notices.waiting_departments)} " " {waiting.iter().map(|d| crate::ticket_text::department(i18n, *d)).collect::<Vec<_>>().join(" ")}</small>
                })}
            </li>
        }
    };
    view! {
        <section class="page" id="notices">
            <h1>{t!(i18n, notices.title)}</h1>
            <p class="intro">{t!(i18n, notices.intro)}</p>
            <Show when=approves>
                <section class="card" id="notices-awaiting">
                    <h2>{t!(i18n, notices.awaiting)}</h2>
                    <ul>{move || with(&[AnnouncementStatus::AwaitingApproval]).into_iter().map(row).collect_view()}</ul>
                </section>
            </Show>
            <Show when=desk>
                <draft::DraftForm />
            </Show>
            <section class="card" id="notices-current">
                <h2>{t!(i18n, notices.current)}</h2>
                <ul>{move || with(&[
                    AnnouncementStatus::DueDown,
                    AnnouncementStatus::Returned,
                    AnnouncementStatus::Approved,
                    AnnouncementStatus::Posted,
                    AnnouncementStatus::Sent,
                ]).into_iter().chain(if approves() { vec![] } else { with(&[AnnouncementStatus::AwaitingApproval]) }).map(row).collect_view()}</ul>
            </section>
            <section class="card" id="notices-past">
                <h2>{t!(i18n, notices.past)}</h2>
                <ul>{move || with(&[AnnouncementStatus::TakenDown, AnnouncementStatus::Acknowledged, AnnouncementStatus::Withdrawn]).into_iter().take(20).map(row).collect_view()}</ul>
            </section>
        </section>
    }
}
