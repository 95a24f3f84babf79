//! One notice: the supervisor's approval, the poster, where it was put up, who has read it
//! building by building (and a tap at each door left), an activity's sign-ups and feedback,
//! a liaison note's departments — and taking it down.

use super::*;
use leptos_router::hooks::use_params_map;
use steward_domain::announcement::commands::AnnouncementStep;
use steward_domain::announcement::record::{Channel, reply_id};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnAnnouncement, DraftAnnouncement, ReplyToAnnouncement};
use steward_domain::ticket::Department;

fn act(id: &str, step: AnnouncementStep) -> Mutation {
    Mutation::ActOnAnnouncement(ActOnAnnouncement { id: id.to_string(), step })
}

#[component]
pub fn NoticeDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let engine = use_sync();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // Drawn again only when this notice changes (not at every record the device receives:
    // the coverage's directory refresh would otherwise redraw the page it is on).
    let notice = Memo::new(move |_| engine.one::<Announcement>(&id.get()));
    move || {
        let id = id.get();
        match notice.get() {
            None => view! { <section class="page"><p>{t!(i18n, notices.none)}</p><a href="/announcements">{t!(i18n, notices.back)}</a></section> }.into_any(),
            Some(a) => view! { <Notice id=id a=a /> }.into_any(),
        }
    }
}

#[component]
fn Notice(id: String, a: Announcement) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let role = move || me.get().map(|m| m.role);
    let error = RwSignal::new(None::<String>);
    let status = a.status(crate::clock::today());
    let open = a.approved.is_some() && a.taken_down.is_none();
    let for_homes = a.topic != Topic::Liaison;
    let on_the_ground = move || role().is_some_and(|r| r.runs_the_desk() || r == Role::Patrol);
    let id_take = id.clone();
    let (id_review, id_print, id_post, id_cov, id_deps) =
        (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let take_down = move |_| {
        if crate::drafts::confirm(t_string!(i18n, notices.take_down_confirm)) {
            crate::form_send::send(i18n, engine, act(&id_take, AnnouncementStep::TakeDown), error);
        }
    };
    view! {
        <section class="page" id="notice-detail">
            <a class="no-print" href="/announcements">{t!(i18n, notices.back)}</a>
            <h1 id="notice-title-shown">{a.title.clone()}</h1>
            <p>
                <span class="tag">{move || topic_text(i18n, a.topic)}</span> " "
                <span class="tag status" id="notice-status">{move || status_text(i18n, status)}</span>
            </p>
            <article class="card notice-text">
                {a.body.lines().map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
                {(!a.title_en.is_empty() || !a.body_en.is_empty()).then(|| view! {
                    <div lang="en" class="hint"><strong>{a.title_en.clone()}</strong><p>{a.body_en.clone()}</p></div>
                })}
                <dl class="facts">
                    <dt>{t!(i18n, notices.audience)}</dt><dd id="notice-audience">{audience_text(i18n, &a.audience)}</dd>
                    {a.starts.as_ref().zip(a.ends.as_ref()).map(|(s, e)| view! {
                        <dt>{t!(i18n, notices.window)}</dt><dd>{when(s)} " – " {when(e)}</dd>
                    })}
                    {a.activity.as_ref().map(|x| view! {
                        <dt>{t!(i18n, notices.activity_at)}</dt><dd>{when(&x.at)} " · " {x.place.clone()}</dd>
                        {(x.capacity > 0).then(|| view! { <dt>{t!(i18n, notices.capacity)}</dt><dd>{x.capacity}</dd> })}
                    })}
                    <dt>{t!(i18n, notices.until)}</dt><dd>{a.expires.to_string()}</dd>
                    <dt>{t!(i18n, notices.drafted_by)}</dt><dd>{a.drafted_by_name.clone()} " · " {at(&a.drafted_at)}</dd>
                    {a.approved.as_ref().map(|s| view! { <dt>{t!(i18n, notices.approved_by)}</dt><dd id="notice-approved-by">{s.by_name.clone()} " · " {at(&s.at)}</dd> })}
                    {a.returned.as_ref().filter(|_| a.approved.is_none()).map(|r| view! {
                        <dt>{t!(i18n, notices.returned_by)}</dt><dd class="error" id="notice-returned">{r.by_name.clone()} " · " {r.reason.clone()}</dd>
                    })}
                    {a.taken_down.as_ref().map(|s| view! { <dt>{t!(i18n, notices.taken_down_by)}</dt><dd>{s.by_name.clone()} " · " {at(&s.at)}</dd> })}
                </dl>
            </article>
            {(a.approved.is_none() && a.taken_down.is_none()).then(|| view! { <Review id=id_review a=a.clone() error=error /> })}
            {(open && for_homes).then(|| view! {
                <section class="card no-print" id="notice-posting">
                    <h2>{t!(i18n, notices.posting)}</h2>
                    <a class="button" id="notice-print" href=format!("/announcements/{id_print}/print")>{t!(i18n, notices.print)}</a>
                    <ul id="notice-postings">
                        {a.postings.iter().map(|p| view! {
                            <li>{p.place.clone()} " · " {p.by_name.clone()} " · " {at(&p.at)} " · 📷" {p.photos.len()}</li>
                        }).collect_view()}
                    </ul>
                    <Show when=on_the_ground><PostForm id=id_post.clone() error=error /></Show>
                </section>
            })}
            {(for_homes && counts_replies(role())).then(|| view! { <Coverage id=id_cov a=a.clone() open=open error=error /> })}
            {(!for_homes).then(|| view! { <Departments id=id_deps a=a.clone() error=error /> })}
            {move || error.get().map(|e| view! { <p class="error" id="notice-detail-error" role="alert">{e}</p> })}
            {(open && for_homes).then(|| view! {
                <Show when=on_the_ground>
                    <button type="button" class="refuse no-print" id="notice-take-down" on:click=take_down.clone()>{t!(i18n, notices.take_down)}</button>
                </Show>
            })}
        </section>
    }
}

/// The supervisor approves or returns the draft; the desk revises a returned one.
#[component]
fn Review(id: String, a: Announcement, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let approves = move || me.get().is_some_and(|m| m.role.reviews_the_log());
    let desk = move || me.get().is_some_and(|m| m.role.runs_the_desk());
    let reason = RwSignal::new(String::new());
    let returned =
        a.status(crate::clock::today()) == steward_domain::announcement::record::AnnouncementStatus::Returned;
    // The text on this screen is the text approved (a revision since is read first).
    let reviewed = StoredValue::new(a.drafted_at.clone());
    let body = RwSignal::new(a.body.clone());
    let title = RwSignal::new(a.title.clone());
    let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id);
    let withdraw = move |_| {
        if crate::drafts::confirm(t_string!(i18n, notices.withdraw_confirm)) {
            crate::form_send::send(i18n, engine, act(&id4, AnnouncementStep::TakeDown), error);
        }
    };
    let approve = move |_| {
        let reviewed = reviewed.get_value();
        crate::form_send::send(i18n, engine, act(&id1, AnnouncementStep::Approve { reviewed }), error);
    };
    let send_back = move |_| {
        crate::form_send::send(
            i18n,
            engine,
            act(&id2, AnnouncementStep::Return { reason: reason.get_untracked() }),
            error,
        );
    };
    let revise = move |_| {
        let draft = steward_domain::announcement::commands::NewAnnouncement {
            topic: a.topic,
            title: title.get_untracked(),
            body: body.get_untracked(),
            title_en: a.title_en.clone(),
            body_en: a.body_en.clone(),
            starts: a.starts.clone(),
            ends: a.ends.clone(),
            activity: a.activity.clone(),
            audience: a.audience.clone(),
            expires: a.expires,
        };
        crate::form_send::send(
            i18n,
            engine,
            Mutation::DraftAnnouncement(DraftAnnouncement { id: id3.clone(), draft }),
            error,
        );
    };
    view! {
        <section class="card no-print" id="notice-review">
            <Show when=approves fallback=move || view! { <p class="hint" id="notice-review-state">{move || if returned { t_string!(i18n, notices.returned_hint) } else { t_string!(i18n, notices.waiting_supervisor) }}</p> }>
                <h2>{t!(i18n, notices.review)}</h2>
                <button type="button" class="primary" id="notice-approve" on:click=approve.clone()>{t!(i18n, notices.approve)}</button>
                <label>{t!(i18n, notices.return_reason)}<input id="notice-return-reason" bind:value=reason /></label>
                <button type="button" class="refuse" id="notice-return" on:click=send_back.clone()>{t!(i18n, notices.send_back)}</button>
            </Show>
            <Show when=desk>
                <h2>{t!(i18n, notices.revise)}</h2>
                <label>{t!(i18n, notices.title_zh)}<input id="notice-revise-title" bind:value=title /></label>
                <label>{t!(i18n, notices.body_zh)}<textarea id="notice-revise-body" rows="4" bind:value=body></textarea></label>
                <button type="button" id="notice-revise" on:click=revise.clone()>{t!(i18n, notices.resubmit)}</button>
                <button type="button" class="refuse" id="notice-withdraw" on:click=withdraw.clone()>{t!(i18n, notices.withdraw)}</button>
            </Show>
        </section>
    }
}

/// Put up on a board: where, and a photo of it there (kept on the phone until it uploads).
#[component]
fn PostForm(id: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let place = RwSignal::new(String::new());
    let photos = RwSignal::new_local(Vec::<crate::photos::Taken>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let taken = photos.get_untracked();
        if taken.is_empty() {
            error.set(Some(t_string!(i18n, notices.photo_needed).to_string()));
            return;
        }
        let step = AnnouncementStep::Post {
            place: place.get_untracked(),
            photos: taken.iter().map(|t| t.photo.clone()).collect(),
        };
        let m = act(&id, step);
        leptos::task::spawn_local(async move {
            match engine.attach_photos(taken, m).await {
                Ok(()) => {
                    error.set(None);
                    place.set(String::new());
                    photos.set(Vec::new());
                }
                Err(e) => error.set(Some(crate::sync_text::refusal_text(i18n, e))),
            }
        });
    };
    view! {
        <form class="form-grid" id="notice-post-form" on:submit=submit novalidate>
            <label>{t!(i18n, notices.place_posted)}<input id="notice-post-place" placeholder="3栋大堂公告栏" bind:value=place /></label>
            <div>
                <crate::photos::PhotoInput id="notice-post-photo" label=Signal::derive(move || t_string!(i18n, notices.board_photo).to_string())
                    taken=Callback::new(move |more: Vec<crate::photos::Taken>| photos.update(|p| p.extend(more))) />
                {move || (!photos.read().is_empty()).then(|| view! { <span class="hint" id="notice-photo-taken">"✓ " {photos.read().len()}</span> })}
            </div>
            <button type="submit" class="primary" id="notice-post">{t!(i18n, notices.posted_here)}</button>
        </form>
    }
}

/// Who has read it, building by building, with the homes left — each a tap at its door.
#[component]
fn Coverage(id: String, a: Announcement, open: bool, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let directory = crate::directory::use_directory();
    let me = crate::session::use_session().me;
    let records = move || me.get().is_some_and(|m| m.role.runs_the_desk() || m.role == Role::Patrol);
    // The butler's phone is at the door; a tablet at the counter unless its user says they
    // went door to door.
    let door = RwSignal::new(me.get_untracked().is_some_and(|m| m.role == Role::Patrol));
    let channel = move || if door.get_untracked() { Channel::DoorToDoor } else { Channel::Desk };
    let unit = RwSignal::new(String::new());
    let recorded = RwSignal::new(None::<String>);
    let resident = RwSignal::new(String::new());
    let people = RwSignal::new(String::new());
    let rating = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let begun = a.activity_begun(&crate::clock::now());
    let capacity = a.activity.as_ref().map(|x| x.capacity).unwrap_or(0);
    let (id_rows, id_send, a_rows) = (StoredValue::new(id.clone()), id.clone(), StoredValue::new(a.clone()));
    let replies = move || replies_of(engine, &id_rows.read_value());
    let rows = move || {
        let units = register(&directory.get());
        steward_domain::announcement::coverage(
            &a_rows.read_value(),
            units.iter().map(String::as_str),
            &replies(),
        )
    };
    let send = move |typed: String| {
        let label = steward_domain::property::canonical_unit(&typed);
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        let m = Mutation::ReplyToAnnouncement(ReplyToAnnouncement {
            id: reply_id(&id_send, &label),
            announcement_id: id_send.clone(),
            unit: label,
            channel: channel(),
            resident: resident.get_untracked(),
            sign_up: if begun == Some(false) { number(people) } else { None },
            rating: if begun == Some(true) { number(rating).map(|r| r.min(9) as u8) } else { None },
            comment: comment.get_untracked(),
        });
        if crate::form_send::send(i18n, engine, m, error) {
            recorded.set(Some(unit.get_untracked().trim().to_string()).filter(|u| !u.is_empty()));
            for s in [unit, resident, people, rating, comment] {
                s.set(String::new());
            }
        }
    };
    let send_typed = send.clone();
    let figures = move || steward_domain::announcement::activity_figures(&replies());
    // Who is coming: the homes signed up, for the organiser.
    let signed = move || {
        let mut r: Vec<_> = replies().into_iter().filter(|r| r.sign_up.is_some()).collect();
        r.sort_by(|a, b| a.unit.cmp(&b.unit));
        r
    };
    view! {
        <section class="card" id="notice-coverage">
            <h2>{t!(i18n, notices.coverage)}</h2>
            {move || {
                let rows = rows();
                let (homes, read) = steward_domain::coverage::total(&rows);
                view! {
                    <p id="notice-coverage-total"><strong>{read} " / " {homes}</strong> " " {t!(i18n, notices.homes_read)}
                        " (" {steward_domain::coverage::percent(read, homes)} "%)"</p>
                    <table class="coverage">
                        <thead><tr><th>{t!(i18n, notices.building)}</th><th>{t!(i18n, notices.read)}</th><th>{t!(i18n, notices.left)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|b| {
                                let send = send.clone();
                                view! {
                                    <tr data-building=b.building.clone()>
                                        <th>{b.building.clone()}</th>
                                        <td class="count">{b.reached} "/" {b.homes} " · " {b.percent()} "%"
                                            <div class="bar"><span style=format!("width:{}%", b.percent())></span></div></td>
                                        <td class="missing">{b.missing.iter().take(60).map(|u| {
                                            let (send, u2) = (send.clone(), u.clone());
                                            view! {
                                                <button type="button" class="chip" data-unit=u.clone() disabled=move || !(open && records())
                                                    on:click=move |_| send(u2.clone())>{u.clone()}</button>
                                            }
                                        }).collect_view()}
                                        {(b.missing.len() > 60).then(|| view! { <span class="hint">"… +" {b.missing.len() - 60}</span> })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }}
            {a.activity.as_ref().map(|_| view! {
                <p id="notice-activity-figures">{move || {
                    let f = figures();
                    let left = if capacity > 0 { format!(" · {} {}", t_string!(i18n, notices.places_left), capacity.saturating_sub(f.people)) } else { String::new() };
                    format!("{} {} · {} {}{left} · {} {} {}", t_string!(i18n, notices.signed_homes), f.homes_signed, t_string!(i18n, notices.signed_people), f.people,
                        t_string!(i18n, notices.feedback_count), f.feedback, f.average().map(|a| format!("★{a}")).unwrap_or_default())
                }}</p>
                <ul class="signed-up" id="notice-signed-up">
                    {move || signed().into_iter().map(|r| view! {
                        <li>{r.unit.clone()} " · " {r.sign_up.map(|s| s.people).unwrap_or(0)} " " {t!(i18n, notices.persons)}
                            {(!r.resident.is_empty()).then(|| format!(" · {}", r.resident))}</li>
                    }).collect_view()}
                </ul>
            })}
            <Show when=move || open && records()>
                <form class="form-grid no-print" id="notice-reply-form" on:submit={ let send = send_typed.clone(); move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(unit.get_untracked()); } } novalidate>
                    <p class="hint wide">{t!(i18n, notices.tap_hint)}</p>
                    <label>{t!(i18n, notices.unit)}<input id="notice-reply-unit" placeholder="3栋-1502" bind:value=unit /></label>
                    <label>{t!(i18n, notices.resident)}<input id="notice-reply-resident" bind:value=resident /></label>
                    <label class="inline"><input type="checkbox" id="notice-reply-door" bind:checked=door /> " " {t!(i18n, notices.door_to_door)}</label>
                    {(begun == Some(false)).then(|| view! {
                        <label>{t!(i18n, notices.people)}<input id="notice-reply-people" inputmode="numeric" bind:value=people /></label>
                    })}
                    {(begun == Some(true)).then(|| view! {
                        <label>{t!(i18n, notices.rating)}<input id="notice-reply-rating" inputmode="numeric" placeholder="1–5" bind:value=rating /></label>
                        <label class="wide">{t!(i18n, notices.comment)}<input id="notice-reply-comment" bind:value=comment /></label>
                    })}
                    <button type="submit" class="primary" id="notice-reply-submit">{t!(i18n, notices.record_read)}</button>
                    {move || recorded.get().map(|u| view! { <p class="ok wide" id="notice-reply-done" role="status">{u} " " {t!(i18n, notices.recorded)}</p> })}
                </form>
            </Show>
        </section>
    }
}

/// A liaison note's departments, each acknowledging it.
#[component]
fn Departments(id: String, a: Announcement, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let addressed = match &a.audience {
        Audience::Departments { departments } => departments.clone(),
        _ => Vec::new(),
    };
    let mine = move |d: Department| {
        me.get().is_some_and(|m| steward_domain::announcement::rules::may_acknowledge(m.role, d))
    };
    view! {
        <section class="card" id="notice-departments-acks">
            <h2>{t!(i18n, notices.departments)}</h2>
            <ul>
                {addressed.into_iter().map(|d| {
                    let ack = a.acknowledged.iter().find(|x| x.department == d).cloned();
                    let id = id.clone();
                    let approved = a.approved.is_some();
                    view! {
                        <li data-department=format!("{d:?}")>
                            <strong>{crate::ticket_text::department(i18n, d)}</strong> " "
                            {match ack {
                                Some(x) => view! { <span class="ok">{t!(i18n, notices.acknowledged)} " · " {x.by_name.clone()} " · " {at(&x.at)}</span> }.into_any(),
                                None => view! {
                                    <span class="tag">{t!(i18n, notices.not_acknowledged)}</span>
                                    <Show when=move || approved && mine(d)>
                                        <button type="button" class="primary ack" on:click={ let id = id.clone(); move |_| {
                                            crate::form_send::send(i18n, engine, act(&id, AnnouncementStep::Acknowledge { department: d }), error);
                                        } }>{t!(i18n, notices.acknowledge)}</button>
                                    </Show>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
