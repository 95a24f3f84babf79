//! A ticket's photos by stage, and the camera buttons for whoever may add them: the desk at
//! intake, the department before and after the work.

use super::uuid;
use crate::i18n::*;
use crate::photos::{PhotoInput, PhotoThumb, Taken};
use crate::sync::use_sync;
use crate::ticket_text as words;
use leptos::prelude::*;
use steward_domain::Role;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::AttachTicketPhotos;
use steward_domain::ticket::lifecycle::{Action, TicketStatus};
use steward_domain::ticket::record::{PhotoStage, Ticket};

#[component]
pub fn TicketPhotos(id: String, ticket: Ticket, role: Option<Role>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let id = StoredValue::new(id);
    let attach = move |stage: PhotoStage| {
        Callback::new(move |taken: Vec<Taken>| {
            let photos = taken.iter().map(|t| t.photo.clone()).collect();
            let m = Mutation::AttachTicketPhotos(AttachTicketPhotos {
                ticket_id: id.get_value(),
                event_id: uuid(),
                stage,
                photos,
            });
            leptos::task::spawn_local(async move {
                let _ = engine.attach_photos(taken, m).await;
            });
        })
    };
    let works_on_it = role.is_some_and(|r| Action::Accept.allowed(r, ticket.department))
        && matches!(ticket.status, TicketStatus::Accepted | TicketStatus::OnSite);
    let desk = role.is_some_and(Role::takes_tickets) && ticket.status != TicketStatus::Archived;
    let stages = [PhotoStage::Intake, PhotoStage::Before, PhotoStage::After];
    let groups: Vec<_> = stages
        .into_iter()
        .map(|s| {
            (s, ticket.photos.iter().filter(|p| p.stage == s).map(|p| p.photo.clone()).collect::<Vec<_>>())
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();
    (works_on_it || desk || !groups.is_empty()).then(|| view! {
        <div class="card" id="ticket-photos">
            <h2>{t!(i18n, photos.title)}</h2>
            {groups.into_iter().map(|(stage, photos)| view! {
                <h3 class="hint">{words::photo_stage(i18n, stage)}</h3>
                <div class="photos">{photos.into_iter().map(|photo| view! { <PhotoThumb photo /> }).collect_view()}</div>
            }).collect_view()}
            <div class="buttons no-print">
                {desk.then(|| view! { <PhotoInput id="add-photos" label=Signal::derive(move || t_string!(i18n, photos.take).to_string()) taken=attach(PhotoStage::Intake) /> })}
                {works_on_it.then(|| view! {
                    <PhotoInput id="photos-before" label=Signal::derive(move || t_string!(i18n, photos.take_before).to_string()) taken=attach(PhotoStage::Before) />
                    <PhotoInput id="photos-after" label=Signal::derive(move || t_string!(i18n, photos.take_after).to_string()) taken=attach(PhotoStage::After) />
                })}
            </div>
        </div>
    })
}
