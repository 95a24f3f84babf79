//! The intake form: every kind of ticket, filled in while the owner waits, offline too.

use super::unit_picker::UnitPicker;
use super::{KINDS, refusal_text, uuid, wire};
use crate::i18n::*;
use crate::photos::{PhotoInput, Taken, TakenThumbs};
use crate::sync::use_sync;
use crate::ticket_text as words;
use crate::tickets;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use steward_domain::sync::Mutation;
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::owner::token_hash;
use steward_domain::ticket::record::PhotoStage;
use steward_domain::ticket::{Channel, RepairScope, TicketKind, Urgency};

#[component]
pub fn Intake() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let navigate = use_navigate();
    let kind = RwSignal::new("repair".to_string());
    let scope = RwSignal::new("in_home".to_string());
    let unit = RwSignal::new(String::new());
    let reporter = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let category = RwSignal::new("水路".to_string());
    let urgency = RwSignal::new("normal".to_string());
    let channel = RwSignal::new("walk_in".to_string());
    let description = RwSignal::new(String::new());
    let reply_by = RwSignal::new(String::new());
    let appointment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let photos = RwSignal::new_local(Vec::<Taken>::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind: TicketKind = wire(kind.get_untracked()).unwrap_or(TicketKind::Repair);
        let token = tickets::new_owner_token();
        let ticket = NewTicket {
            kind,
            scope: (kind == TicketKind::Repair)
                .then(|| wire(scope.get_untracked()).unwrap_or(RepairScope::InHome)),
            unit: unit.get_untracked(),
            reporter: reporter.get_untracked(),
            contact_phone: phone.get_untracked(),
            category: category.get_untracked(),
            urgency: wire(urgency.get_untracked()).unwrap_or(Urgency::Normal),
            channel: wire(channel.get_untracked()).unwrap_or(Channel::WalkIn),
            description: description.get_untracked(),
            internal_note: String::new(),
            reply_by: tickets::from_local_input(&reply_by.get_untracked()),
            appointment: tickets::from_local_input(&appointment.get_untracked()),
            owner_token_hash: Some(token_hash(&token)),
        };
        let id = uuid();
        match engine.mutate(Mutation::CreateTicket { id: id.clone(), event_id: uuid(), ticket }) {
            Ok(()) => {
                tickets::remember_token(&id, &token);
                let taken = photos.get_untracked();
                if !taken.is_empty() {
                    let refs = taken.iter().map(|t| t.photo.clone()).collect();
                    let attach = Mutation::AttachTicketPhotos {
                        ticket_id: id.clone(),
                        event_id: uuid(),
                        stage: PhotoStage::Intake,
                        photos: refs,
                    };
                    leptos::task::spawn_local(async move {
                        let _ = engine.attach_photos(taken, attach).await;
                    });
                }
                navigate(&format!("/tickets/{id}"), Default::default());
            }
            Err(e) => error.set(Some(refusal_text(i18n, e))),
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
                <label>{t!(i18n, tickets.kind)}
                    {move || select("ticket-kind", kind, KINDS.iter().map(|(v, k)| (*v, words::kind(i18n, *k))).collect())}
                </label>
                <Show when=move || kind.get() == "repair">
                    <label>{t!(i18n, tickets.scope)}
                        {move || select("ticket-scope", scope, vec![("in_home", words::scope(i18n, RepairScope::InHome)), ("public", words::scope(i18n, RepairScope::Public))])}
                    </label>
                </Show>
                <UnitPicker unit reporter phone />
                <label>{t!(i18n, tickets.reporter)}<input id="ticket-reporter" bind:value=reporter /></label>
                <label>{t!(i18n, tickets.phone)}<input id="ticket-phone" type="tel" inputmode="tel" bind:value=phone /></label>
                <label>{t!(i18n, tickets.category)}<input id="ticket-category" list="categories" bind:value=category /></label>
                <datalist id="categories">
                    {["水路", "电路", "门窗", "电梯", "公共照明", "排水/堵塞", "墙面/空鼓", "防水/渗水", "门禁/对讲", "消防设施", "服务态度", "噪音", "卫生", "安全", "停车", "装修扰民", "邻里纠纷", "收费", "维修质量", "绿化", "其他"]
                        .map(|c| view! { <option value=c></option> }).collect_view()}
                </datalist>
                <label>{t!(i18n, tickets.urgency)}
                    {move || select("ticket-urgency", urgency, vec![("normal", words::urgency(i18n, Urgency::Normal)), ("major", words::urgency(i18n, Urgency::Major)), ("urgent", words::urgency(i18n, Urgency::Urgent))])}
                </label>
                <label>{t!(i18n, tickets.channel)}
                    {move || select("ticket-channel", channel, vec![("walk_in", words::channel(i18n, Channel::WalkIn)), ("phone", words::channel(i18n, Channel::Phone)), ("patrol_finding", words::channel(i18n, Channel::PatrolFinding)), ("online", words::channel(i18n, Channel::Online))])}
                </label>
                <label>{t!(i18n, tickets.appointment)}<input id="ticket-appointment" type="datetime-local" bind:value=appointment /></label>
                <label>{t!(i18n, tickets.reply_by)}<input id="ticket-reply-by" type="datetime-local" bind:value=reply_by /></label>
                <label class="wide">{t!(i18n, tickets.description)}
                    <textarea id="ticket-description" rows="3" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </label>
                <div class="wide photo-row">
                    <PhotoInput id="intake-photos" label=Signal::derive(move || t_string!(i18n, photos.take).to_string()) taken=Callback::new(move |more: Vec<Taken>| photos.update(|p| p.extend(more))) />
                    <TakenThumbs taken=photos />
                </div>
                {move || error.get().map(|e| view! { <p class="error wide" role="alert">{e}</p> })}
                <button id="ticket-submit" type="submit" class="primary wide">{t!(i18n, tickets.submit)}</button>
            </form>
        </section>
    }
}
