//! The intake form: every kind of ticket, filled in while the owner waits, offline too.

use super::{refusal_text, uuid};
use crate::components::unit_picker::UnitPicker;
use crate::i18n::*;
use crate::photos::{PhotoInput, Taken, TakenThumbs};
use crate::sync::use_sync;
use crate::ticket_text as words;
use crate::tickets;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};
use steward_domain::field::Field;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{AttachTicketPhotos, CreateTicket};
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::category::{categories, keep_or_default, stored};
use steward_domain::ticket::choices::Choice;
use steward_domain::ticket::owner::token_hash;
use steward_domain::ticket::record::PhotoStage;
use steward_domain::ticket::{Channel, RepairScope, TicketKind, Urgency};

const DRAFT: &str = "intake";
/// The draft's photos (references; the pictures wait in the device's draft store).
const DRAFT_PHOTOS: &str = "intake.photos";

/// Starts the intake form from a ticket the server refused (需处理 → 在新建工单中继续).
pub(crate) fn draft_from(t: &NewTicket) {
    let draft = IntakeDraft {
        kind: t.kind.wire().into(),
        scope: t.scope.unwrap_or(RepairScope::InHome).wire().into(),
        unit: t.unit.clone(),
        reporter: t.reporter.clone(),
        phone: t.contact_phone.clone(),
        category: stored(&t.category),
        urgency: t.urgency.wire().into(),
        channel: t.channel.wire().into(),
        description: t.description.clone(),
        internal_note: t.internal_note.clone(),
        reply_by: String::new(),
        appointment: String::new(),
    };
    crate::drafts::keep(DRAFT, &draft);
}

/// The form as typed, kept as a draft on the device until submitted or discarded.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct IntakeDraft {
    kind: String,
    scope: String,
    unit: String,
    reporter: String,
    phone: String,
    category: String,
    urgency: String,
    channel: String,
    description: String,
    internal_note: String,
    reply_by: String,
    appointment: String,
}

impl Default for IntakeDraft {
    fn default() -> Self {
        IntakeDraft {
            kind: "repair".into(),
            scope: "in_home".into(),
            unit: String::new(),
            reporter: String::new(),
            phone: String::new(),
            category: categories(TicketKind::Repair)[0].code.into(),
            urgency: "normal".into(),
            channel: "walk_in".into(),
            description: String::new(),
            internal_note: String::new(),
            reply_by: String::new(),
            appointment: String::new(),
        }
    }
}

/// One signal per field of [`IntakeDraft`].
#[derive(Clone, Copy)]
struct Fields {
    kind: RwSignal<String>,
    scope: RwSignal<String>,
    unit: RwSignal<String>,
    reporter: RwSignal<String>,
    phone: RwSignal<String>,
    category: RwSignal<String>,
    urgency: RwSignal<String>,
    channel: RwSignal<String>,
    description: RwSignal<String>,
    internal_note: RwSignal<String>,
    reply_by: RwSignal<String>,
    appointment: RwSignal<String>,
}

impl Fields {
    fn new(d: IntakeDraft) -> Self {
        Fields {
            kind: RwSignal::new(d.kind),
            scope: RwSignal::new(d.scope),
            unit: RwSignal::new(d.unit),
            reporter: RwSignal::new(d.reporter),
            phone: RwSignal::new(d.phone),
            // A draft kept before categories had codes holds the Chinese name.
            category: RwSignal::new(stored(&d.category)),
            urgency: RwSignal::new(d.urgency),
            channel: RwSignal::new(d.channel),
            description: RwSignal::new(d.description),
            internal_note: RwSignal::new(d.internal_note),
            reply_by: RwSignal::new(d.reply_by),
            appointment: RwSignal::new(d.appointment),
        }
    }

    fn set(&self, d: IntakeDraft) {
        self.kind.set(d.kind);
        self.scope.set(d.scope);
        self.unit.set(d.unit);
        self.reporter.set(d.reporter);
        self.phone.set(d.phone);
        self.category.set(stored(&d.category));
        self.urgency.set(d.urgency);
        self.channel.set(d.channel);
        self.description.set(d.description);
        self.internal_note.set(d.internal_note);
        self.reply_by.set(d.reply_by);
        self.appointment.set(d.appointment);
    }

    /// Read tracked: the draft is kept again whenever a field changes.
    fn draft(&self) -> IntakeDraft {
        IntakeDraft {
            kind: self.kind.get(),
            scope: self.scope.get(),
            unit: self.unit.get(),
            reporter: self.reporter.get(),
            phone: self.phone.get(),
            category: self.category.get(),
            urgency: self.urgency.get(),
            channel: self.channel.get(),
            description: self.description.get(),
            internal_note: self.internal_note.get(),
            reply_by: self.reply_by.get(),
            appointment: self.appointment.get(),
        }
    }
}

#[component]
pub fn Intake() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let navigate = use_navigate();
    let saved = crate::drafts::load::<IntakeDraft>(DRAFT);
    let restored = RwSignal::new(saved.is_some());
    let fields = Fields::new(saved.unwrap_or_default());
    let Fields {
        kind,
        scope,
        unit,
        reporter,
        phone,
        category,
        urgency,
        channel,
        description,
        internal_note,
        reply_by,
        appointment,
    } = fields;
    // Kept on every change after the first run (an untouched form leaves no draft).
    Effect::new(move |first: Option<()>| {
        let draft = fields.draft();
        if first.is_some() {
            crate::drafts::keep_or_drop(DRAFT, &draft, draft == IntakeDraft::default());
        }
    });
    let kind_of = move || TicketKind::from_wire(&kind.get()).unwrap_or(TicketKind::Repair);
    let error = RwSignal::new(None::<String>);
    // The field the refusal names: marked invalid and tied to the message for screen readers.
    let bad_field = RwSignal::new(None::<Field>);
    let invalid = move |field: Field| move || bad_field.get() == Some(field);
    let photos = RwSignal::new_local(Vec::<Taken>::new());
    // Photos taken before an interruption come back with the draft.
    let saved_photos =
        crate::drafts::load::<Vec<steward_domain::photo::PhotoRef>>(DRAFT_PHOTOS).unwrap_or_default();
    if !saved_photos.is_empty() {
        leptos::task::spawn_local(async move {
            for p in saved_photos {
                if let Some(t) = engine.draft_photo(&p).await {
                    photos.update(|ps| ps.push(t));
                }
            }
        });
    }
    Effect::new(move |first: Option<()>| {
        let refs: Vec<_> = photos.with(|ps| ps.iter().map(|t| t.photo.clone()).collect());
        if first.is_some() {
            crate::drafts::keep_or_drop(DRAFT_PHOTOS, &refs, refs.is_empty());
        }
    });
    let photo_ids =
        move || photos.with_untracked(|ps| ps.iter().map(|t| t.photo.id.clone()).collect::<Vec<_>>());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = TicketKind::from_wire(&kind.get_untracked()).unwrap_or(TicketKind::Repair);
        let token = tickets::new_owner_token();
        let ticket = NewTicket {
            kind,
            scope: (kind == TicketKind::Repair)
                .then(|| RepairScope::from_wire(&scope.get_untracked()).unwrap_or(RepairScope::InHome)),
            unit: unit.get_untracked(),
            reporter: reporter.get_untracked(),
            contact_phone: phone.get_untracked(),
            category: category.get_untracked(),
            urgency: Urgency::from_wire(&urgency.get_untracked()).unwrap_or(Urgency::Normal),
            channel: Channel::from_wire(&channel.get_untracked()).unwrap_or(Channel::WalkIn),
            description: description.get_untracked(),
            internal_note: internal_note.get_untracked(),
            reply_by: tickets::from_local_input(&reply_by.get_untracked()),
            appointment: tickets::from_local_input(&appointment.get_untracked()),
            owner_token_hash: Some(token_hash(&token)),
        };
        let id = uuid();
        match engine.mutate(Mutation::CreateTicket(CreateTicket { id: id.clone(), event_id: uuid(), ticket }))
        {
            Ok(()) => {
                crate::drafts::discard(DRAFT);
                crate::drafts::discard(DRAFT_PHOTOS);
                let kept = photo_ids();
                leptos::task::spawn_local(async move { engine.forget_draft_photos(kept).await });
                tickets::remember_token(&id, &token);
                let taken = photos.get_untracked();
                if !taken.is_empty() {
                    let refs = taken.iter().map(|t| t.photo.clone()).collect();
                    let attach = Mutation::AttachTicketPhotos(AttachTicketPhotos {
                        ticket_id: id.clone(),
                        event_id: uuid(),
                        stage: PhotoStage::Intake,
                        photos: refs,
                    });
                    leptos::task::spawn_local(async move {
                        let _ = engine.attach_photos(taken, attach).await;
                    });
                }
                navigate(&format!("/tickets/{id}"), Default::default());
            }
            Err(e) => {
                if let crate::sync::engine::MutateError::Rejected(r) = &e {
                    bad_field.set(r.field);
                }
                error.set(Some(refusal_text(i18n, e)));
            }
        }
    };
    let select = move |id: &'static str,
                       signal: RwSignal<String>,
                       options: Vec<(&'static str, &'static str)>| {
        view! {
            <select id=id on:change=move |ev| signal.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, label)| view! { <option value=v selected=move || signal.get() == v>{label}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <section class="page" id="intake">
            <h1>{t!(i18n, tickets.new)}</h1>
            <form class="card form-grid" on:submit=submit novalidate>
                <div class="wide">
                    <crate::drafts::DraftNote restored on_discard=Callback::new(move |_| {
                        crate::drafts::discard(DRAFT);
                        fields.set(IntakeDraft::default());
                        let kept = photo_ids();
                        photos.set(Vec::new());
                        leptos::task::spawn_local(async move { engine.forget_draft_photos(kept).await });
                    }) />
                </div>
                <label>{t!(i18n, tickets.kind)}
                    <select id="ticket-kind" on:change=move |ev| {
                        kind.set(event_target_value(&ev));
                        // The category list follows the kind: keep the choice if it still applies.
                        category.set(keep_or_default(kind_of(), &category.get_untracked()).to_string());
                    }>
                        {TicketKind::ALL.iter().map(|k| view! { <option value=k.wire() selected=move || kind.get() == k.wire()>{move || words::kind(i18n, *k)}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=move || kind.get() == "repair">
                    <label>{t!(i18n, tickets.scope)}
                        {move || select("ticket-scope", scope, RepairScope::ALL.iter().map(|v| (v.wire(), words::scope(i18n, *v))).collect())}
                    </label>
                </Show>
                <UnitPicker unit reporter phone />
                <label>{t!(i18n, tickets.reporter)}<input id="ticket-reporter" aria-invalid=move || invalid(Field::Reporter)().to_string() aria-errormessage="intake-error" bind:value=reporter /></label>
                <label>{t!(i18n, tickets.phone)}<input id="ticket-phone" type="tel" inputmode="tel" aria-invalid=move || invalid(Field::ContactPhone)().to_string() aria-errormessage="intake-error" bind:value=phone /></label>
                <label>{t!(i18n, tickets.category)}
                    <select id="ticket-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        {move || categories(kind_of()).iter().map(|c| view! {
                            <option value=c.code selected=move || category.get() == c.code>{words::category(i18n, c.code)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{t!(i18n, tickets.urgency)}
                    {move || select("ticket-urgency", urgency, Urgency::ALL.iter().map(|v| (v.wire(), words::urgency(i18n, *v))).collect())}
                </label>
                <label>{t!(i18n, tickets.channel)}
                    {move || select("ticket-channel", channel, Channel::ALL.iter().map(|v| (v.wire(), words::channel(i18n, *v))).collect())}
                </label>
                <label>{t!(i18n, tickets.appointment)}<input id="ticket-appointment" type="datetime-local" bind:value=appointment /></label>
                <label>{t!(i18n, tickets.reply_by)}<input id="ticket-reply-by" type="datetime-local" bind:value=reply_by /></label>
                <label class="wide">{t!(i18n, tickets.description_for_owner)}
                    <textarea id="ticket-description" rows="3" aria-describedby="description-hint intake-error" aria-invalid=move || invalid(Field::Description)().to_string() prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    <span class="hint" id="description-hint">{t!(i18n, tickets.description_hint)}</span>
                </label>
                <label class="wide">{t!(i18n, tickets.internal_note)}
                    <textarea id="ticket-internal-note" rows="2" aria-describedby="internal-note-hint" prop:value=move || internal_note.get() on:input=move |ev| internal_note.set(event_target_value(&ev))></textarea>
                    <span class="hint" id="internal-note-hint">{t!(i18n, tickets.internal_note_hint)}</span>
                </label>
                <div class="wide photo-row">
                    <PhotoInput id="intake-photos" label=Signal::derive(move || t_string!(i18n, photos.take).to_string()) taken=Callback::new(move |more: Vec<Taken>| {
                        for t in more.clone() {
                            leptos::task::spawn_local(async move { engine.keep_draft_photo(&t).await });
                        }
                        photos.update(|p| p.extend(more));
                    }) />
                    <TakenThumbs taken=photos />
                </div>
                {move || error.get().map(|e| view! { <p class="error wide" role="alert" id="intake-error">{e}</p> })}
                <button id="ticket-submit" type="submit" class="primary wide">{t!(i18n, tickets.submit)}</button>
            </form>
        </section>
    }
}
