//! The desk drafts a notice (or a liaison note); the draft is kept on the tablet as it is
//! typed. What it must say for its topic (an outage's times, an activity's when and where,
//! a liaison note's departments) the domain checks, here and on the server.

use super::*;
use steward_domain::announcement::record::Activity;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::DraftAnnouncement;
use steward_domain::ticket::Department;

const DRAFT: &str = "notice";

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Draft {
    topic: String,
    title: String,
    body: String,
    title_en: String,
    body_en: String,
    starts: String,
    ends: String,
    activity_at: String,
    place: String,
    capacity: String,
    /// `all`, `buildings`, `units`.
    to: String,
    /// Buildings or units, separated by commas or spaces.
    which: String,
    departments: Vec<String>,
    expires: String,
}

fn topic_of(wire: &str) -> Topic {
    Topic::ALL.into_iter().find(|t| format!("{t:?}") == wire).unwrap_or(Topic::Other)
}

/// `3栋, 5栋` / `3-1502 3-1503` split into items.
fn items(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' ', '\n', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

const DEPARTMENTS: [Department; 5] = [
    Department::CustomerService,
    Department::Engineering,
    Department::Security,
    Department::Cleaning,
    Department::Landscaping,
];

/// The change the draft makes (the domain says what is missing).
fn change(id: String, d: &Draft) -> Result<Mutation, &'static str> {
    let topic = topic_of(&d.topic);
    let time = steward_domain::clock::Timestamp::from_property_minute;
    let audience = if topic == Topic::Liaison {
        Audience::Departments {
            departments: DEPARTMENTS
                .into_iter()
                .filter(|x| d.departments.contains(&format!("{x:?}")))
                .collect(),
        }
    } else {
        match d.to.as_str() {
            "buildings" => Audience::Buildings { buildings: items(&d.which) },
            "units" => Audience::Units { units: items(&d.which) },
            _ => Audience::All,
        }
    };
    let activity = (topic == Topic::Activity)
        .then(|| {
            Some(Activity {
                at: time(&d.activity_at)?,
                place: d.place.clone(),
                capacity: d.capacity.trim().parse().unwrap_or(0),
            })
        })
        .flatten();
    let expires = d.expires.parse().map_err(|_| "expires")?;
    Ok(Mutation::DraftAnnouncement(DraftAnnouncement {
        id,
        draft: steward_domain::announcement::commands::NewAnnouncement {
            topic,
            title: d.title.clone(),
            body: d.body.clone(),
            title_en: d.title_en.clone(),
            body_en: d.body_en.clone(),
            starts: time(&d.starts),
            ends: time(&d.ends),
            activity,
            audience,
            expires,
        },
    }))
}

#[component]
pub(super) fn DraftForm() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let kept: Draft = crate::drafts::load(DRAFT).unwrap_or_default();
    let restored = RwSignal::new(kept != Draft::default());
    let d = RwSignal::new(kept);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let now = d.get();
        crate::drafts::keep_or_drop(DRAFT, &now, now == Draft::default());
    });
    // One box per field of the draft.
    let field = move |get: fn(&Draft) -> &String, set: fn(&mut Draft, String)| {
        (move || get(&d.read()).clone(), move |ev| d.update(|x| set(x, event_target_value(&ev))))
    };
    let topic = move || topic_of(&d.read().topic);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let id = crate::clock::new_id();
        let m = match change(id.clone(), &d.get_untracked()) {
            Ok(m) => m,
            Err(_) => {
                error.set(Some(t_string!(i18n, sync.field_expires).to_string()));
                return;
            }
        };
        if crate::form_send::send(i18n, engine, m, error) {
            done.set(Some(id));
            d.set(Draft::default());
            restored.set(false);
            crate::drafts::discard(DRAFT);
        }
    };
    let (title, on_title) = field(|x| &x.title, |x, v| x.title = v);
    let (body, on_body) = field(|x| &x.body, |x, v| x.body = v);
    let (title_en, on_title_en) = field(|x| &x.title_en, |x, v| x.title_en = v);
    let (body_en, on_body_en) = field(|x| &x.body_en, |x, v| x.body_en = v);
    let (starts, on_starts) = field(|x| &x.starts, |x, v| x.starts = v);
    let (ends, on_ends) = field(|x| &x.ends, |x, v| x.ends = v);
    let (activity_at, on_activity_at) = field(|x| &x.activity_at, |x, v| x.activity_at = v);
    let (place, on_place) = field(|x| &x.place, |x, v| x.place = v);
    let (capacity, on_capacity) = field(|x| &x.capacity, |x, v| x.capacity = v);
    let (which, on_which) = field(|x| &x.which, |x, v| x.which = v);
    let (expires, on_expires) = field(|x| &x.expires, |x, v| x.expires = v);
    view! {
        <form class="card form-grid" id="notice-form" on:submit=submit novalidate>
            <h2 class="wide">{t!(i18n, notices.draft)}</h2>
            <Show when=move || restored.get() || d.get() != Draft::default()>
                <div class="wide"><crate::drafts::DraftNote restored on_discard=Callback::new(move |_| d.set(Draft::default())) /></div>
            </Show>
            <label>{t!(i18n, notices.topic)}
                <select id="notice-topic" on:change=move |ev| d.update(|x| x.topic = event_target_value(&ev))>
                    {Topic::ALL.into_iter().map(|t| {
                        let wire = format!("{t:?}");
                        let selected = { let wire = wire.clone(); move || topic_of(&d.read().topic) == topic_of(&wire) };
                        view! { <option value=wire selected=selected>{move || topic_text(i18n, t)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, notices.expires)}<input id="notice-expires" type="date" prop:value=expires on:input=on_expires /></label>
            <label class="wide">{t!(i18n, notices.title_zh)}<input id="notice-title" maxlength="60" prop:value=title on:input=on_title /></label>
            <label class="wide">{t!(i18n, notices.body_zh)}<textarea id="notice-body" rows="5" prop:value=body on:input=on_body></textarea></label>
            <label class="wide">{t!(i18n, notices.title_en)}<input id="notice-title-en" lang="en" prop:value=title_en on:input=on_title_en /></label>
            <label class="wide">{t!(i18n, notices.body_en)}<textarea id="notice-body-en" lang="en" rows="4" prop:value=body_en on:input=on_body_en></textarea></label>
            <Show when=move || topic().is_outage()>
                <label>{t!(i18n, notices.starts)}<input id="notice-starts" type="datetime-local" prop:value=starts on:input=on_starts /></label>
                <label>{t!(i18n, notices.ends)}<input id="notice-ends" type="datetime-local" prop:value=ends on:input=on_ends /></label>
            </Show>
            <Show when=move || topic() == Topic::Activity>
                <label>{t!(i18n, notices.activity_at)}<input id="notice-activity-at" type="datetime-local" prop:value=activity_at on:input=on_activity_at /></label>
                <label>{t!(i18n, notices.place)}<input id="notice-place" prop:value=place on:input=on_place /></label>
                <label>{t!(i18n, notices.capacity)}<input id="notice-capacity" inputmode="numeric" prop:value=capacity on:input=on_capacity /></label>
            </Show>
            <Show when=move || topic() == Topic::Liaison fallback=move || view! {
                <label>{t!(i18n, notices.audience)}
                    <select id="notice-to" on:change=move |ev| d.update(|x| x.to = event_target_value(&ev))>
                        <option value="all" selected=move || d.read().to.is_empty() || d.read().to == "all">{t!(i18n, notices.audience_all)}</option>
                        <option value="buildings" selected=move || d.read().to == "buildings">{t!(i18n, notices.audience_buildings)}</option>
                        <option value="units" selected=move || d.read().to == "units">{t!(i18n, notices.audience_units)}</option>
                    </select>
                </label>
                <Show when=move || matches!(d.read().to.as_str(), "buildings" | "units")>
                    <label>{t!(i18n, notices.which)}<input id="notice-which" placeholder="3栋, 5栋 / 3-1502 3-1503" prop:value=which on:input=on_which /></label>
                </Show>
            }>
                <fieldset class="wide" id="notice-departments"><legend>{t!(i18n, notices.departments)}</legend>
                    {DEPARTMENTS.into_iter().map(|dep| {
                        let wire = format!("{dep:?}");
                        let (w1, w2) = (wire.clone(), wire.clone());
                        view! {
                            <label class="inline"><input type="checkbox" value=wire
                                prop:checked=move || d.read().departments.contains(&w1)
                                on:change=move |ev| { let on = event_target_checked(&ev); let w = w2.clone(); d.update(|x| { x.departments.retain(|v| *v != w); if on { x.departments.push(w); } }); } />
                                " " {move || crate::ticket_text::department(i18n, dep)}</label>
                        }
                    }).collect_view()}
                </fieldset>
            </Show>
            <p class="hint wide">{t!(i18n, notices.approval_hint)}</p>
            {move || error.get().map(|e| view! { <p class="error wide" id="notice-error" role="alert">{e}</p> })}
            {move || done.get().map(|id| view! { <p class="ok wide" id="notice-done" role="status">{t!(i18n, notices.drafted)} " " <a href=format!("/announcements/{id}")>{t!(i18n, notices.open)}</a></p> })}
            <button type="submit" class="primary" id="notice-submit">{t!(i18n, notices.submit)}</button>
        </form>
    }
}
