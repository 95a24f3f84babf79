//! 开具放行条: the applicant, the goods (with photos), the plate and the days, checked live
//! against the unit's arrears and restrictions as the desk types the unit; signed with this
//! device's key and queued, so it is issued with no network too. A draft stays on the
//! device until the slip is issued or the draft discarded.

use super::*;
use crate::pages::keys::{from_wire, id_text, wire};
use serde::{Deserialize, Serialize};
use steward_domain::keys::record::{Consent, IdType};
use steward_domain::money::format_yuan;
use steward_domain::release::commands::NewSlip;
use steward_domain::release::issue::{Applicant, ArrearsOverride};
use steward_domain::release::pass::{PassItem, SlipPass};
use steward_domain::release::record::{ReleaseRestriction, SlipItem};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::IssueReleaseSlip;

const DRAFT: &str = "release-slip";

/// What the form holds, as kept in the draft (photos are not: they are taken again).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    unit: String,
    authorised: bool,
    name: String,
    id_type: String,
    id_last4: String,
    phone: String,
    called_by: String,
    consent_at: String,
    items: Vec<(String, String)>,
    plate: String,
    from: String,
    until: String,
    decoration: String,
    override_reason: String,
}

/// A refused slip goes on as a new one, every field filled in (the unit as typed, to be
/// corrected): the desk fixes what was wrong and issues it again, signed afresh.
pub(crate) fn draft_from(slip: &NewSlip) {
    let (authorised, name, id_type, id_last4, consent) = match &slip.applicant {
        Applicant::Owner { name } => (false, name.clone(), wire(&IdType::ResidentCard), String::new(), None),
        Applicant::Authorised { name, id_type, id_last4, consent, .. } => {
            (true, name.clone(), wire(id_type), id_last4.clone(), Some(consent.clone()))
        }
    };
    let draft = Draft {
        unit: slip.unit.clone(),
        authorised,
        name,
        id_type,
        id_last4,
        phone: consent.as_ref().map(|c| c.phone.clone()).unwrap_or_default(),
        called_by: consent.as_ref().map(|c| c.called_by.clone()).unwrap_or_default(),
        consent_at: consent.map(|c| c.at).unwrap_or_default(),
        items: slip.items.iter().map(|i| (i.name.clone(), i.quantity.to_string())).collect(),
        plate: slip.plate.clone().unwrap_or_default(),
        from: slip.from.to_string(),
        until: slip.until.to_string(),
        decoration: slip.decoration_id.clone().unwrap_or_default(),
        override_reason: slip.arrears_override.as_ref().map(|o| o.reason.clone()).unwrap_or_default(),
    };
    crate::drafts::keep(DRAFT, &draft);
}

#[derive(Clone, Copy)]
struct Row {
    key: u32,
    name: RwSignal<String>,
    quantity: RwSignal<String>,
    photos: RwSignal<Vec<crate::photos::Taken>, LocalStorage>,
}

impl Row {
    fn new(key: u32, name: &str, quantity: &str) -> Row {
        Row {
            key,
            name: RwSignal::new(name.into()),
            quantity: RwSignal::new(quantity.into()),
            photos: RwSignal::new_local(Vec::new()),
        }
    }
}

/// What the unit's records say, as the desk types its number: the domain's own rules
/// over this device's view (the same the slip is refused on).
fn owed(engine: SyncEngine, unit: &str) -> u64 {
    engine.read(|s| steward_domain::arrears::rules::owed(s, unit).unwrap_or(0)).unwrap_or(0)
}

fn restriction(engine: SyncEngine, unit: &str) -> Option<ReleaseRestriction> {
    engine.read(|s| steward_domain::release::rules::restriction_on(s, unit, today()).ok().flatten()).flatten()
}

fn permitted_decorations(engine: SyncEngine, unit: &str) -> Vec<(String, String)> {
    engine
        .read(|s| steward_domain::release::rules::permitted_decorations(s, unit).unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .map(|(id, d)| (id, format!("{} · {}", d.unit, d.contractor)))
        .collect()
}

#[component]
pub(super) fn IssueForm() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let supervises = move || {
        me.get().is_some_and(|m| {
            matches!(m.role, steward_domain::Role::Supervisor | steward_domain::Role::Manager)
        })
    };
    let draft: Option<Draft> = crate::drafts::load(DRAFT);
    let restored = RwSignal::new(draft.is_some());
    let d = draft.unwrap_or_else(|| Draft {
        id_type: wire(&IdType::ResidentCard),
        called_by: me.get_untracked().map(|m| m.display_name).unwrap_or_default(),
        items: vec![(String::new(), "1".into())],
        ..Draft::default()
    });
    let today_text = today().to_string();
    let unit = RwSignal::new(d.unit);
    let authorised = RwSignal::new(d.authorised);
    let name = RwSignal::new(d.name);
    let id_type = RwSignal::new(d.id_type);
    let id_last4 = RwSignal::new(d.id_last4);
    let phone = RwSignal::new(d.phone);
    let called_by = RwSignal::new(d.called_by);
    let consent_at = RwSignal::new(d.consent_at);
    let plate = RwSignal::new(d.plate);
    let from = RwSignal::new(if d.from.is_empty() { today_text.clone() } else { d.from });
    let until = RwSignal::new(if d.until.is_empty() { today_text.clone() } else { d.until });
    let decoration = RwSignal::new(d.decoration);
    let override_reason = RwSignal::new(d.override_reason);
    // The supervisor's approval on this tablet (their own name and password or PIN).
    let approval = Approval::new();
    let next_key = StoredValue::new(d.items.len() as u32);
    let rows = RwSignal::new(
        d.items.iter().enumerate().map(|(i, (n, q))| Row::new(i as u32, n, q)).collect::<Vec<_>>(),
    );
    let letter = RwSignal::new_local(None::<crate::photos::Taken>);
    let error = RwSignal::new(None::<String>);
    let by_letter =
        move || authorised.get() && from_wire::<IdType>(&id_type.get()) == Some(IdType::OwnersLetter);

    let snapshot = move || Draft {
        unit: unit.get(),
        authorised: authorised.get(),
        name: name.get(),
        id_type: id_type.get(),
        id_last4: id_last4.get(),
        phone: phone.get(),
        called_by: called_by.get(),
        consent_at: consent_at.get(),
        items: rows.get().iter().map(|r| (r.name.get(), r.quantity.get())).collect(),
        plate: plate.get(),
        from: from.get(),
        until: until.get(),
        decoration: decoration.get(),
        override_reason: override_reason.get(),
    };
    Effect::new(move |_| {
        let now = snapshot();
        let untouched = now.unit.trim().is_empty()
            && now.name.trim().is_empty()
            && now.items.iter().all(|(n, _)| n.trim().is_empty());
        crate::drafts::keep_or_drop(DRAFT, &now, untouched);
    });
    // Rows made after a discard belong to the form, not to the draft note that asked for it
    // (which goes away, and would take their signals with it).
    let owner = StoredValue::new_local(Owner::current());
    let reset = move || {
        crate::drafts::discard(DRAFT);
        for s in [unit, name, id_last4, phone, consent_at, plate, decoration, override_reason] {
            s.set(String::new());
        }
        authorised.set(false);
        let key = next_key.get_value();
        let row = owner.with_value(|o| match o {
            Some(o) => o.with(|| Row::new(key, "", "1")),
            None => Row::new(key, "", "1"),
        });
        rows.set(vec![row]);
        next_key.update_value(|k| *k += 1);
        letter.set(None);
    };

    let navigate = leptos_router::hooks::use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((key_id, secret)) = crate::device_key::current(engine) else {
            let why = if crate::device_key::revoked(engine) {
                t_string!(i18n, release.key_revoked)
            } else {
                t_string!(i18n, release.no_key)
            };
            error.set(Some(why.to_string()));
            return;
        };
        let (Ok(from), Ok(until)) = (from.get_untracked().parse(), until.get_untracked().parse()) else {
            error.set(Some(t_string!(i18n, sync.field_window).to_string()));
            return;
        };
        let id = crate::clock::new_id();
        // As the register labels it (`2-801` → `2栋-801`): the same the server signs against.
        let unit_text = steward_domain::property::canonical_unit(&unit.get_untracked());
        let taken: Vec<Vec<crate::photos::Taken>> =
            rows.get_untracked().iter().map(|r| r.photos.get_untracked()).collect();
        let items: Vec<SlipItem> = rows
            .get_untracked()
            .iter()
            .zip(&taken)
            .map(|(r, t)| SlipItem {
                name: r.name.get_untracked().trim().to_string(),
                quantity: r.quantity.get_untracked().trim().parse().unwrap_or(0),
                photos: t.iter().map(|t| t.photo.clone()).collect(),
            })
            .collect();
        let plate_text = Some(plate.get_untracked().trim().to_string()).filter(|p| !p.is_empty());
        let letter_taken = letter.get_untracked().filter(|_| by_letter());
        let applicant = if authorised.get_untracked() {
            Applicant::Authorised {
                name: name.get_untracked(),
                id_type: from_wire(&id_type.get_untracked()).unwrap_or(IdType::ResidentCard),
                id_last4: if letter_taken.is_some() { String::new() } else { id_last4.get_untracked() },
                consent: Consent {
                    phone: phone.get_untracked(),
                    called_by: called_by.get_untracked(),
                    at: consent_at.get_untracked(),
                },
                letter: letter_taken.as_ref().map(|t| t.photo.clone()),
            }
        } else {
            Applicant::Owner { name: name.get_untracked() }
        };
        let pass = SlipPass {
            slip_id: id.clone(),
            unit: unit_text.clone(),
            items: items.iter().map(|i| PassItem { name: i.name.clone(), quantity: i.quantity }).collect(),
            plate: plate_text.clone(),
            from,
            until,
            key_id,
        };
        let unit_text_for_decoration = unit_text.clone();
        let slip = NewSlip {
            unit: unit_text,
            applicant,
            items,
            plate: plate_text,
            from,
            until,
            // Only a decoration still offered for this unit (the unit may have been corrected).
            decoration_id: Some(decoration.get_untracked()).filter(|d| {
                permitted_decorations(engine, &unit_text_for_decoration).iter().any(|(id, _)| id == d)
            }),
            arrears_override: Some(override_reason.get_untracked())
                .filter(|r| !r.trim().is_empty())
                .map(|reason| ArrearsOverride { reason }),
            pass: secret.sign(pass),
        };
        let issue = IssueReleaseSlip { id: id.clone(), slip };
        let approved_here = !supervises() && !approval.username.get_untracked().trim().is_empty();
        let m = Mutation::IssueReleaseSlip(issue.clone());
        let photos: Vec<crate::photos::Taken> = taken.into_iter().flatten().chain(letter_taken).collect();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let sent = if approved_here {
                approval.send(i18n, engine, issue, photos, error).await
            } else if photos.is_empty() {
                crate::form_send::send(i18n, engine, m, error)
            } else {
                match engine.attach_photos(photos, m).await {
                    Ok(()) => true,
                    Err(e) => {
                        error.set(Some(crate::sync_text::refusal_text(i18n, e)));
                        false
                    }
                }
            };
            if sent {
                reset();
                navigate(&format!("/release/{id}/print"), Default::default());
            }
        });
    };
    let add_row = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(Row::new(key, "", "1")));
    };
    view! {
        <form class="card" id="slip-form" on:submit=submit novalidate>
            <h2>{t!(i18n, release.issue_title)}</h2>
            {move || crate::device_key::revoked(engine).then(|| view! { <p class="error" id="slip-key-revoked">{t!(i18n, release.key_revoked)}</p> })}
            <Show when=move || restored.get()>
                <crate::drafts::DraftNote restored on_discard=Callback::new(move |_| reset()) />
            </Show>
            <label>{t!(i18n, release.unit)}<input id="slip-unit" autocomplete="off" bind:value=unit /></label>
            <UnitStanding unit supervises=Signal::derive(supervises) override_reason approval />
            <fieldset>
                <legend>{t!(i18n, release.applicant)}</legend>
                <label class="inline"><input type="radio" name="slip-applicant" id="slip-owner" prop:checked=move || !authorised.get() on:change=move |_| authorised.set(false) />{t!(i18n, release.applicant_owner)}</label>
                <label class="inline"><input type="radio" name="slip-applicant" id="slip-authorised" prop:checked=move || authorised.get() on:change=move |_| authorised.set(true) />{t!(i18n, release.applicant_authorised)}</label>
                <label>{t!(i18n, release.applicant_name)}<input id="slip-name" bind:value=name /></label>
                <Show when=move || authorised.get()>
                    <label>{t!(i18n, keys.id_type)}
                        <select id="slip-id-type" on:change=move |ev| id_type.set(event_target_value(&ev)) prop:value=move || id_type.get()>
                            {IdType::ALL.iter().map(|t| view! { <option value=wire(t)>{let t = *t; move || id_text(i18n, t)}</option> }).collect_view()}
                        </select>
                    </label>
                    <Show when=move || !by_letter()>
                        <label>{t!(i18n, keys.id_last4)}<input id="slip-id-last4" bind:value=id_last4 /></label>
                    </Show>
                    <Show when=by_letter>
                        <crate::photos::PhotoInput id="slip-letter" label=Signal::derive(move || t_string!(i18n, keys.letter_photo).to_string())
                            taken=Callback::new(move |more: Vec<crate::photos::Taken>| letter.set(more.into_iter().next())) />
                    </Show>
                    <label>{t!(i18n, keys.consent_phone)}<input id="slip-consent-phone" type="tel" inputmode="tel" bind:value=phone /></label>
                    <label>{t!(i18n, keys.consent_by)}<input id="slip-consent-by" bind:value=called_by /></label>
                    <label>{t!(i18n, keys.consent_at)}<input id="slip-consent-at" type="datetime-local" bind:value=consent_at /></label>
                </Show>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, release.items)}</legend>
                <ol id="slip-items">
                    <For each=move || rows.get() key=|r| r.key let:row>
                        <li class="slip-item">
                            <input class="item-name" aria-label=move || t_string!(i18n, release.item_name) placeholder=move || t_string!(i18n, release.item_name) bind:value=row.name />
                            <input class="item-qty" type="number" min="1" inputmode="numeric" aria-label=move || t_string!(i18n, release.quantity) bind:value=row.quantity />
                            <crate::photos::PhotoInput id=format!("slip-item-photo-{}", row.key) label=Signal::derive(move || t_string!(i18n, release.item_photo).to_string())
                                taken=Callback::new(move |more: Vec<crate::photos::Taken>| row.photos.update(|p| p.extend(more))) />
                            <crate::photos::TakenThumbs taken=row.photos />
                            <button type="button" class="link remove-item" on:click=move |_| rows.update(|r| r.retain(|x| x.key != row.key))>{t!(i18n, release.remove_item)}</button>
                        </li>
                    </For>
                </ol>
                <button type="button" id="slip-add-item" on:click=add_row>{t!(i18n, release.add_item)}</button>
            </fieldset>
            <label>{t!(i18n, release.plate)}<input id="slip-plate" bind:value=plate /></label>
            <div class="row">
                <label>{t!(i18n, release.from)}<input id="slip-from" type="date" bind:value=from /></label>
                <label>{t!(i18n, release.until)}<input id="slip-until" type="date" bind:value=until /></label>
            </div>
            {move || {
                let options = permitted_decorations(engine, &steward_domain::property::canonical_unit(&unit.get()));
                (!options.is_empty()).then(|| view! {
                    <label>{t!(i18n, release.decoration)}
                        <select id="slip-decoration" on:change=move |ev| decoration.set(event_target_value(&ev)) prop:value=move || decoration.get()>
                            <option value="">{t!(i18n, release.no_decoration)}</option>
                            {options.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                        </select>
                    </label>
                })
            }}
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="slip-error">{e}</p> })}
            <button id="slip-submit" type="submit" class="primary">{t!(i18n, release.submit)}</button>
        </form>
    }
}

/// The unit's arrears and restriction, said before the desk fills in the rest.
#[component]
fn UnitStanding(
    unit: RwSignal<String>,
    supervises: Signal<bool>,
    override_reason: RwSignal<String>,
    approval: Approval,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let canonical = Memo::new(move |_| steward_domain::property::canonical_unit(&unit.get()));
    let owes = Memo::new(move |_| owed(engine, &canonical.get()));
    let directory = crate::directory::use_directory();
    view! {
        // Who the register says owns it, so the desk can check the applicant; or that the
        // register has no such unit.
        {move || {
            let u = canonical.get();
            if u.is_empty() || directory.with(|d| d.is_empty()) {
                return ().into_any();
            }
            match directory.with(|d| d.iter().find(|x| x.unit == u).map(|x| x.owners.iter().map(|o| o.name.clone()).collect::<Vec<_>>())) {
                Some(owners) => view! { <p class="hint" id="slip-owner">{u.clone()} " · " {t!(i18n, release.registered_owner)} " " {owners.join(crate::language::list_sep(i18n))}</p> }.into_any(),
                None => view! { <p class="error" id="slip-unknown-unit">{t!(i18n, release.not_in_register)}</p> }.into_any(),
            }
        }}
        {move || restriction(engine, &canonical.get()).map(|r| view! {
            <p class="error" id="slip-restricted">{t!(i18n, release.restricted)} {move || crate::language::colon(i18n)} {r.restriction.reason.clone()}
                " · " {t!(i18n, release.restricted_until)} " " {r.restriction.until.to_string()}</p>
        })}
        // Built once while the unit owes: a sync arriving must not take the reason's box
        // (and its focus) away mid-word.
        <Show when=move || { owes.get() > 0 }>
            <div class="warning" id="slip-owes">
                <p><strong>{t!(i18n, release.owes)} " " {move || format_yuan(owes.get())}</strong> " " {t!(i18n, release.owes_hint)}</p>
                <label>{t!(i18n, release.override_reason)}<input id="slip-override" bind:value=override_reason /></label>
                // At the desk: the supervisor approves here with their own password or PIN.
                <Show when=move || !supervises.get()>
                    <fieldset id="slip-approval">
                        <legend>{t!(i18n, release.approval)}</legend>
                        <label>{t!(i18n, release.approver)}<input id="slip-approver" autocomplete="off" bind:value=approval.username /></label>
                        <label class="inline"><input type="radio" name="slip-approval-secret" prop:checked=move || !approval.with_pin.get() on:change=move |_| approval.with_pin.set(false) />{t!(i18n, handover.with_password)}</label>
                        <label class="inline"><input type="radio" name="slip-approval-secret" id="slip-approver-with-pin" prop:checked=move || approval.with_pin.get() on:change=move |_| approval.with_pin.set(true) />{t!(i18n, handover.with_pin)}</label>
                        <label>{move || if approval.with_pin.get() { t_string!(i18n, handover.incoming_pin) } else { t_string!(i18n, handover.incoming_password) }}
                            <input id="slip-approver-secret" type="password" autocomplete="off" bind:value=approval.secret /></label>
                    </fieldset>
                </Show>
            </div>
        </Show>
    }
}

/// The supervisor's approval typed on the desk's tablet: sent online, checked as a login,
/// the slip issued in their name (never kept on the device: a password is not queued).
#[derive(Clone, Copy)]
struct Approval {
    username: RwSignal<String>,
    secret: RwSignal<String>,
    with_pin: RwSignal<bool>,
}

impl Approval {
    fn new() -> Self {
        Approval {
            username: RwSignal::new(String::new()),
            secret: RwSignal::new(String::new()),
            with_pin: RwSignal::new(false),
        }
    }

    /// Sends the slip with the approval; `true` once the server issued it.
    async fn send(
        self,
        i18n: I18nContext<Locale>,
        engine: SyncEngine,
        issue: IssueReleaseSlip,
        photos: Vec<crate::photos::Taken>,
        error: RwSignal<Option<String>>,
    ) -> bool {
        let secret = self.secret.get_untracked();
        let req = steward_domain::release::commands::IssueWithApproval {
            username: self.username.get_untracked().trim().to_string(),
            password: (!self.with_pin.get_untracked()).then(|| secret.clone()),
            pin: self.with_pin.get_untracked().then_some(secret),
            issue,
        };
        match crate::api::issue_approved(&req).await {
            Ok(()) => {
                self.secret.set(String::new());
                self.username.set(String::new());
                // The photos go up with the next sync, like any slip's.
                engine.queue_photos(&photos).await;
                engine.refresh(std::time::Duration::from_secs(4)).await;
                true
            }
            Err(crate::api::ApiFailure::Offline) => {
                error.set(Some(t_string!(i18n, release.approval_needs_network).to_string()));
                false
            }
            Err(e) if e.code() == Some(steward_domain::ErrorCode::BadCredentials) => {
                error.set(Some(t_string!(i18n, release.approval_bad).to_string()));
                false
            }
            Err(e) => {
                let field = match &e {
                    crate::api::ApiFailure::Refused(d) => d.field.clone(),
                    _ => None,
                };
                let text = if field.as_deref() == Some("approver") {
                    t_string!(i18n, release.approval_not_supervisor).to_string()
                } else {
                    crate::errors::failure_text(i18n, &e)
                };
                error.set(Some(text));
                false
            }
        }
    }
}
