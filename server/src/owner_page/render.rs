//! The owner's pages as HTML: a few kilobytes, readable and usable with JavaScript off (a
//! plain form posts the lookup and the rating), styled inline so one request draws it.

use super::words::{Lang, W, awaiting_visit, kind, minutes, status, step, word};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use steward_domain::ticket::category;
use steward_domain::ticket::lifecycle::TicketStatus;
use steward_domain::ticket::owner::OwnerTicketView;

/// The property the owner is dealing with: its name and service hotline.
pub struct Property {
    pub name: String,
    pub hotline: String,
}

const STYLE: &str = "body{font:16px/1.5 system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;margin:0;background:#f4f5f7;color:#1d2330}\
main{max-width:34rem;margin:0 auto;padding:1rem}header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem}\
h1{font-size:1.3rem;margin:.5rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}.card{background:#fff;border-radius:10px;padding:1rem;margin:.8rem 0;box-shadow:0 1px 2px #0002}\
.status{font-size:1.35rem;font-weight:700;color:#0b5cad;margin:.2rem 0}.number{font-family:ui-monospace,monospace;color:#555}\
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:.5rem 0}dt{color:#555}dd{margin:0}\
ol{list-style:none;padding:0;margin:0}li{border-left:3px solid #0b5cad;padding:.2rem 0 .6rem .8rem}time{color:#555;font-size:.9rem;display:block}\
label{display:block;margin:.6rem 0}input,textarea{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.55rem;border:1px solid #99a;border-radius:6px;margin-top:.2rem}\
button{font:inherit;padding:.65rem 1.2rem;border-radius:6px;border:1px solid #0b5cad;background:#fff;color:#0b5cad;margin:.4rem .4rem 0 0;min-height:44px}\
button.primary{background:#0b5cad;color:#fff}.error{color:#b00020;font-weight:600}.ok{color:#1b7a34;font-weight:600}.hint{color:#555;font-size:.9rem}a{color:#0b5cad}form.switch{margin:0}form.switch button{min-height:0;padding:.2rem .6rem;margin:0}";

/// Times in the property's zone, `2026-12-01 16:30`.
pub(super) fn time(at: &steward_domain::clock::Timestamp) -> String {
    at.utc().with_timezone(&steward_domain::clock::property_zone()).format("%Y-%m-%d %H:%M").to_string()
}

/// A time typed on a form (checked when it was saved).
fn written_time(text: &str) -> String {
    steward_domain::clock::Timestamp::parse(text).map(|t| time(&t)).unwrap_or_default()
}

fn yuan(fen: u64) -> String {
    format!("¥{}.{:02}", fen / 100, fen % 100)
}

/// `href` in the other language, same page.
fn switch(lang: Lang, path: &str) -> String {
    format!("{path}?lang={}", lang.other().code())
}

/// The language switch: a link, or on a ticket found by number and phone a small form that
/// carries them along (the owner does not type them again).
fn language_switch(lang: Lang, path: &str, lookup: Option<(&str, &str)>) -> Markup {
    let other = lang.other();
    html! {
        @match lookup {
            Some((number, phone)) => form.switch method="post" action={ "/lookup?lang=" (other.code()) } {
                input type="hidden" name="number" value=(number);
                input type="hidden" name="phone" value=(phone);
                button type="submit" lang=(other.html_lang()) { (word(lang, W::OtherLanguage)) }
            },
            None => a href=(switch(lang, path)) lang=(other.html_lang()) { (word(lang, W::OtherLanguage)) },
        }
    }
}

pub(super) fn page(lang: Lang, property: &Property, title: &str, path: &str, body: Markup) -> Markup {
    page_with(lang, property, title, path, None, body)
}

fn page_with(
    lang: Lang,
    property: &Property,
    title: &str,
    path: &str,
    lookup: Option<(&str, &str)>,
    body: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.html_lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta name="robots" content="noindex";
                title { (title) " · " (property.name) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    header {
                        span { (property.name) }
                        (language_switch(lang, path, lookup))
                    }
                    h1 { (title) }
                    (body)
                    @if !property.hotline.is_empty() {
                        p.hint { (word(lang, W::Hotline)) (if lang == Lang::Zh { "：" } else { ": " }) a href={ "tel:" (property.hotline.chars().filter(|c| !c.is_whitespace()).collect::<String>()) } { (property.hotline) } }
                    }
                }
            }
        }
    }
}

/// What to print after the form: a thank-you, or why it did not work.
pub enum Notice {
    None,
    Ok(&'static str),
    Error(String),
}

pub(super) fn notice(n: &Notice) -> Markup {
    html! {
        @match n {
            Notice::None => {},
            Notice::Ok(text) => p.ok role="status" id="owner-message" { (text) },
            Notice::Error(text) => p.error role="alert" id="owner-message" { (text) },
        }
    }
}

/// Where the rating form posts, and the fields that say which ticket it is.
pub enum RateTarget<'a> {
    Token(&'a str),
    Lookup { number: &'a str, phone: &'a str },
}

fn rating_form(lang: Lang, target: &RateTarget) -> Markup {
    let action = match target {
        RateTarget::Token(token) => format!("/t/{token}/rating?lang={}", lang.code()),
        RateTarget::Lookup { .. } => format!("/lookup?lang={}", lang.code()),
    };
    html! {
        form.card id="owner-rating" method="post" action=(action) {
            h2 { (word(lang, W::RateTitle)) }
            @if let RateTarget::Lookup { number, phone } = target {
                input type="hidden" name="number" value=(number);
                input type="hidden" name="phone" value=(phone);
            }
            label { (word(lang, W::Comment)) textarea id="owner-comment" name="comment" rows="3" maxlength="500" {} }
            button.primary id="owner-satisfied" type="submit" name="satisfied" value="1" { (word(lang, W::Satisfied)) }
            button id="owner-unsatisfied" type="submit" name="satisfied" value="0" { (word(lang, W::Unsatisfied)) }
        }
    }
}

pub fn ticket(
    lang: Lang,
    property: &Property,
    path: &str,
    v: &OwnerTicketView,
    target: RateTarget,
    n: &Notice,
) -> Markup {
    let category = category::label(&v.category, lang == Lang::En);
    let body = html! {
        (notice(n))
        section.card {
            p.number id="owner-number" { (v.number.clone().unwrap_or_default()) }
            p.status id="owner-status" {
                @if v.status == TicketStatus::Completed && !v.can_rate { (awaiting_visit(lang)) } @else { (status(lang, v.status)) }
            }
            dl {
                dt { (word(lang, W::Kind)) } dd { (kind(lang, v.kind)) " · " (category) }
                dt { (word(lang, W::Unit)) } dd { (v.unit) }
                dt { (word(lang, W::Reported)) } dd { (time(&v.created_at)) }
                dt { (word(lang, W::Description)) } dd id="owner-description" { (v.description) }
                @if let Some(a) = &v.appointment { dt { (word(lang, W::Appointment)) } dd { (written_time(a)) } }
                @if let Some(p) = &v.promised_completion { dt { (word(lang, W::Promised)) } dd id="owner-promised" { (written_time(p)) } }
                @if v.labour_fee + v.material_fee > 0 {
                    dt { (word(lang, W::Fees)) }
                    dd id="owner-fees" { (word(lang, W::Labour)) " " (yuan(v.labour_fee)) " · " (word(lang, W::Material)) " " (yuan(v.material_fee)) }
                }
                @if let Some(r) = &v.closed_reason { dt { (word(lang, W::ClosedReason)) } dd id="owner-closed-reason" { (r) } }
                dt { (word(lang, W::Responsible)) } dd { (word(lang, W::Reception)) " " (v.responsible_name) }
            }
        }
        section.card {
            h2 { (word(lang, W::Progress)) }
            ol id="owner-timeline" {
                @for s in v.timeline.iter().rev() {
                    li {
                        time { (time(&s.at)) }
                        strong { (step(lang, &s.step, s.by_owner)) }
                        @if let Some(note) = &s.note { p { (note) } }
                    }
                }
            }
        }
        @if v.can_rate { (rating_form(lang, &target)) }
        @if let RateTarget::Token(_) = target {
            p { a href={ "/lookup?lang=" (lang.code()) } { (word(lang, W::LookupLink)) } }
        }
    };
    let lookup = match target {
        RateTarget::Lookup { number, phone } => Some((number, phone)),
        RateTarget::Token(_) => None,
    };
    page_with(lang, property, word(lang, W::Title), path, lookup, body)
}

pub fn lookup_form(lang: Lang, property: &Property, number: &str, phone: &str, n: &Notice) -> Markup {
    let body = html! {
        p { (word(lang, W::LookupIntro)) }
        (notice(n))
        form.card id="owner-lookup" method="post" action={ "/lookup?lang=" (lang.code()) } {
            label { (word(lang, W::Number))
                input id="lookup-number" name="number" value=(number) required autocomplete="off" autocapitalize="characters" maxlength="20" placeholder=(word(lang, W::NumberHint));
            }
            label { (word(lang, W::Phone))
                input id="lookup-phone" name="phone" value=(phone) required type="tel" inputmode="tel" autocomplete="tel" maxlength="20" placeholder=(word(lang, W::PhoneHint));
            }
            button.primary id="lookup-submit" type="submit" { (word(lang, W::Find)) }
        }
    };
    page(lang, property, word(lang, W::LookupTitle), "/lookup", body)
}

pub fn link_not_found(lang: Lang, property: &Property, path: &str) -> Markup {
    let body = html! {
        p.error role="alert" id="owner-message" { (word(lang, W::LinkNotFound)) }
        p { a href={ "/lookup?lang=" (lang.code()) } { (word(lang, W::LookupLink)) } }
    };
    page(lang, property, word(lang, W::Title), path, body)
}

pub fn throttled(lang: Lang, retry_after_secs: u64) -> String {
    let sep = if lang == Lang::Zh { "，" } else { "; " };
    format!("{}{sep}{}", word(lang, W::Throttled), minutes(lang, retry_after_secs))
}
