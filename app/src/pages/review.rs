//! 每日回顾: each morning the supervisor goes through the tickets received before today that
//! are not done (the domain's [`supervise::to_review`]) and answers each: why it is not
//! done, and the new date. Each answer is a step on the ticket's timeline.

use crate::i18n::*;
use crate::sync::use_sync;
use crate::ticket_text as words;
use leptos::prelude::*;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::ReviewTicket;
use steward_domain::ticket::record::Ticket;
use steward_domain::ticket::supervise;

use crate::clock::today;

#[component]
pub fn DailyReview() -> impl IntoView {
    let i18n = use_i18n();
    let index = crate::tickets::index();
    let day = today();
    let yesterday = day.pred_opt().unwrap_or(day);
    let summary = move || {
        let index = index.get();
        let received: Vec<&Ticket> =
            index.0.iter().map(|r| &r.ticket).filter(|t| t.created_at.local_day() == yesterday).collect();
        let done = received
            .iter()
            .filter(|t| t.completed_at.is_some() || !steward_domain::ticket::query::is_open(t))
            .count();
        t_string!(i18n, supervise.yesterday)
            .replace("{n}", &received.len().to_string())
            .replace("{done}", &done.to_string())
    };
    // What is to review, as the device learns it; an answered ticket stays on the list,
    // marked, until the page is opened again.
    let listed = Memo::new(move |before: Option<&Vec<String>>| {
        let mut ids = before.cloned().unwrap_or_default();
        for r in index.get().0.iter() {
            if supervise::to_review(&r.ticket, day) && !ids.contains(&r.id) {
                ids.push(r.id.clone());
            }
        }
        ids
    });
    view! {
        <section class="page" id="daily-review">
            <h1>{t!(i18n, supervise.review_title)}</h1>
            <p class="intro">{t!(i18n, supervise.review_intro)}</p>
            <p class="hint" id="review-yesterday">{summary}</p>
            <ul class="cards" id="review-list">
                <Show when=move || !listed.get().is_empty() fallback=move || view! { <li class="empty">{t!(i18n, supervise.review_empty)}</li> }>
                    <For each=move || listed.get() key=|id| id.clone() let(id)>
                        <ReviewItem id day />
                    </For>
                </Show>
            </ul>
        </section>
    }
}

#[component]
fn ReviewItem(id: String, day: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let reason = RwSignal::new(String::new());
    let new_date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let row_id = id.clone();
    let row = move || crate::tickets::one(engine, &row_id);
    let save_id = id.clone();
    let save = move |_| {
        let Ok(date) = new_date.get_untracked().parse::<chrono::NaiveDate>() else {
            error.set(Some(t_string!(i18n, sync.field_new_date).to_string()));
            return;
        };
        let m = Mutation::ReviewTicket(ReviewTicket {
            ticket_id: save_id.clone(),
            event_id: crate::clock::new_id(),
            reason: reason.get_untracked(),
            new_date: date,
        });
        match engine.mutate(m) {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(crate::sync_text::refusal_text(i18n, e))),
        }
    };
    let save = StoredValue::new(save);
    move || {
        let row = row()?;
        let t = row.ticket;
        let number = t.number.clone().unwrap_or_else(|| steward_domain::ticket::number::provisional(&row.id));
        let answered = t.review.clone().filter(|r| r.day == day);
        Some(view! {
            <li class="card review-item">
                <div class="page-head">
                    <a href=format!("/tickets/{}", row.id)>{number} " · " {t.unit.clone()}</a>
                    <span class="tag">{words::status(i18n, t.status)}</span>
                </div>
                <p class="hint">{words::kind(i18n, t.kind)} " · " {words::category(i18n, &t.category)} " · " {t.first_responsible_name.clone()} " · " {words::short_time(&t.created_at)}</p>
                {match answered {
                    Some(r) => view! {
                        <p class="review-answer"><span class="tag ok">{t!(i18n, supervise.review_done)}</span> " " {r.reason} " · " {t!(i18n, supervise.new_date)} " " {r.new_date.to_string()}</p>
                    }.into_any(),
                    None => view! {
                        <div class="row">
                            <label>{t!(i18n, supervise.reason)}<input class="review-reason" bind:value=reason /></label>
                            <label>{t!(i18n, supervise.new_date)}<input class="review-date" type="date" bind:value=new_date /></label>
                            <button class="primary review-save" on:click=move |ev| save.with_value(|f| f(ev))>{t!(i18n, supervise.review_save)}</button>
                        </div>
                        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    }.into_any(),
                }}
            </li>
        })
    }
}
