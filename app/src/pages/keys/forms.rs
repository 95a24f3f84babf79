//! The loan and register forms.

use super::*;
#[component]
pub(super) fn LendForm(
    key_id: String,
    lending: RwSignal<Option<String>>,
    roster: RwSignal<Vec<steward_domain::staff::StaffMember>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let key = engine.one::<Key>(&key_id);
    let key_label = move || {
        key.as_ref()
            .map(|k| {
                let (open, sep, close) =
                    if crate::ticket_text::english(i18n) { (" (", ", ", ")") } else { ("（", "，", "）") };
                format!(
                    "{} {}{open}{}{sep}{} {}{close}",
                    k.tag,
                    k.unit,
                    kind_text(i18n, k.kind),
                    k.count,
                    t_string!(i18n, keys.keys_unit)
                )
            })
            .unwrap_or_default()
    };
    let borrower = RwSignal::new(wire(&BorrowerKind::Staff));
    let name = RwSignal::new(String::new());
    let id_type = RwSignal::new(wire(&IdType::ResidentCard));
    let id_last4 = RwSignal::new(String::new());
    let pass = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let serves = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let called_by = RwSignal::new(
        crate::session::use_session().me.get_untracked().map(|m| m.display_name).unwrap_or_default(),
    );
    let consent_at = RwSignal::new(String::new());
    let emergency = RwSignal::new(String::new());
    let escort1 = RwSignal::new(String::new());
    let escort2 = RwSignal::new(String::new());
    let count = RwSignal::new("1".to_string());
    let error = RwSignal::new(None::<String>);
    // The owner's letter of authorisation, photographed instead of an ID.
    let letter = RwSignal::new_local(None::<crate::photos::Taken>);
    let shows_id = move || from_wire::<BorrowerKind>(&borrower.get()).is_some_and(|b| b.shows_id());
    let by_letter = move || shows_id() && from_wire::<IdType>(&id_type.get()) == Some(IdType::OwnersLetter);
    let cleaner = move || from_wire::<BorrowerKind>(&borrower.get()) == Some(BorrowerKind::Cleaner);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = from_wire::<BorrowerKind>(&borrower.get_untracked()).unwrap_or(BorrowerKind::Staff);
        let filled = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let consent = filled(phone).map(|phone| Consent {
            phone,
            called_by: called_by.get_untracked(),
            at: consent_at.get_untracked(),
        });
        let id_type = kind.shows_id().then(|| from_wire(&id_type.get_untracked())).flatten();
        let taken = letter.get_untracked().filter(|_| id_type == Some(IdType::OwnersLetter));
        let names =
            [(kind == BorrowerKind::Staff).then(|| name.get_untracked()), filled(escort1), filled(escort2)];
        let staff_ids = roster
            .with_untracked(|r| steward_domain::staff::ids_of(names.iter().flatten().map(String::as_str), r));
        let loan = NewLoan {
            key_id: key_id.clone(),
            borrower: Borrower {
                kind,
                name: name.get_untracked(),
                id_type,
                id_last4: (kind.shows_id() && taken.is_none()).then(|| id_last4.get_untracked()),
                pass: (kind == BorrowerKind::Cleaner).then(|| pass.get_untracked()),
                letter: taken.as_ref().map(|t| t.photo.clone()),
            },
            purpose: purpose.get_untracked(),
            serves: filled(serves),
            consent,
            emergency: from_wire(&emergency.get_untracked()),
            escorts: [escort1, escort2].into_iter().filter_map(filled).collect(),
            staff_ids,
            count: count.get_untracked().trim().parse().unwrap_or(0),
        };
        let m = Mutation::LendKey(LendKey { id: new_id(), loan });
        match taken {
            // The letter's photo goes with the loan, kept on the device until it uploads.
            Some(taken) => leptos::task::spawn_local(async move {
                if send_signed(i18n, engine, taken, m, error).await {
                    lending.set(None);
                }
            }),
            None => {
                if send(i18n, engine, m, error) {
                    lending.set(None);
                }
            }
        }
    };
    view! {
        <form class="card" id="lend-form" on:submit=submit novalidate>
            <h2>{t!(i18n, keys.lend_title)} " · " {key_label}</h2>
            <label>{t!(i18n, keys.borrower)}
                <select id="lend-borrower" on:change=move |ev| borrower.set(event_target_value(&ev))>
                    {BorrowerKind::ALL.iter().map(|b| view! { <option value=wire(b)>{let b = *b; move || borrower_text(i18n, b)}</option> }).collect_view()}
                </select>
            </label>
            <datalist id="staff-roster">
                {move || roster.get().into_iter().map(|m| view! { <option value=m.display_name></option> }).collect_view()}
            </datalist>
            <label>{t!(i18n, keys.borrower_name)}<input id="lend-name" list="staff-roster" autocomplete="off" bind:value=name /></label>
            <Show when=shows_id>
                <label>{t!(i18n, keys.id_type)}
                    <select id="lend-id-type" on:change=move |ev| id_type.set(event_target_value(&ev))>
                        {IdType::ALL.iter().map(|t| view! { <option value=wire(t)>{let t = *t; move || id_text(i18n, t)}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=move || !by_letter()>
                    <label>{t!(i18n, keys.id_last4)}<input id="lend-id-last4" bind:value=id_last4 /></label>
                </Show>
                <Show when=by_letter>
                    <div class="photo-row">
                        <crate::photos::PhotoInput id="lend-letter" label=Signal::derive(move || t_string!(i18n, keys.letter_photo).to_string())
                            taken=Callback::new(move |more: Vec<crate::photos::Taken>| letter.set(more.into_iter().next())) />
                        {move || letter.get().map(|t| {
                            let url = web_sys::Url::create_object_url_with_blob(&t.blob).unwrap_or_default();
                            view! { <img id="lend-letter-thumb" class="thumb" src=url alt="" /> }
                        })}
                    </div>
                </Show>
            </Show>
            <Show when=cleaner>
                <label>{t!(i18n, keys.pass)}<input id="lend-pass" bind:value=pass /></label>
            </Show>
            <label>{t!(i18n, keys.purpose)}<input id="lend-purpose" bind:value=purpose /></label>
            <label>{t!(i18n, keys.serves)}<input id="lend-serves" bind:value=serves /></label>
            <fieldset>
                <legend>{t!(i18n, keys.consent_title)}</legend>
                <label>{t!(i18n, keys.consent_phone)}<input id="lend-consent-phone" type="tel" inputmode="tel" bind:value=phone /></label>
                <label>{t!(i18n, keys.consent_by)}<input id="lend-consent-by" bind:value=called_by /></label>
                <label>{t!(i18n, keys.consent_at)}<input id="lend-consent-at" type="datetime-local" bind:value=consent_at /></label>
            </fieldset>
            <label>{t!(i18n, keys.emergency)}
                <select id="lend-emergency" on:change=move |ev| emergency.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, keys.no_emergency)}</option>
                    {[Emergency::Flood, Emergency::Fire, Emergency::Gas].iter().map(|e| view! { <option value=wire(e)>{let e = *e; move || emergency_text(i18n, e)}</option> }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, keys.escorts)}
                <input id="lend-escort-1" list="staff-roster" autocomplete="off" bind:value=escort1 />
                <input id="lend-escort-2" list="staff-roster" autocomplete="off" bind:value=escort2 />
            </label>
            {move || {
                // Said before it is sent: a name the roster does not know reaches nobody's phone.
                let unknown: Vec<String> = [escort1.get(), escort2.get()]
                    .into_iter()
                    .filter(|n| !n.trim().is_empty())
                    .filter(|n| roster.with(|r| steward_domain::staff::ids_of([n.as_str()], r).is_empty()))
                    .collect();
                (!unknown.is_empty() && roster.with(|r| !r.is_empty())).then(|| view! {
                    <p class="hint" id="lend-not-on-roster">{t!(i18n, keys.not_on_roster)} " " {unknown.join(crate::language::list_sep(i18n))}</p>
                })
            }}
            <label>{t!(i18n, keys.count)}<input id="lend-count" type="number" min="1" bind:value=count on:focus=select_all /></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button id="lend-submit" type="submit" class="primary">{t!(i18n, keys.lend)}</button>
            <button type="button" class="link" on:click=move |_| lending.set(None)>{t!(i18n, keys.cancel)}</button>
        </form>
    }
}

/// Typing into a prefilled number replaces it (a tap then "2" is 2, not 12).
fn select_all(ev: leptos::ev::FocusEvent) {
    if let Some(input) =
        ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
    {
        input.select();
    }
}

/// Sends `m` with its photo (the owner's signature, their letter) kept for upload; the
/// reason on refusal.
pub(super) async fn send_signed(
    i18n: I18nContext<Locale>,
    engine: crate::sync::SyncEngine,
    taken: crate::photos::Taken,
    m: Mutation,
    error: RwSignal<Option<String>>,
) -> bool {
    match engine.attach_photos(vec![taken], m).await {
        Ok(()) => {
            error.set(None);
            true
        }
        Err(e) => {
            error.set(Some(crate::sync_text::refusal_text(i18n, e)));
            false
        }
    }
}

/// Registers a key. A sealed key carries its seal number and the owner's finger signature.
#[component]
pub(super) fn RegisterForm() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let tag = RwSignal::new(String::new());
    let slot = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let kind = RwSignal::new(wire(&KeyKind::ShortTerm));
    let count = RwSignal::new("1".to_string());
    let seal_number = RwSignal::new(String::new());
    let pad = NodeRef::<leptos::html::Canvas>::new();
    let signed = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sealed = move || from_wire::<KeyKind>(&kind.get()) == Some(KeyKind::Sealed);
    let reset = move || {
        for s in [tag, slot, unit, seal_number] {
            s.set(String::new());
        }
        count.set("1".into());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut key = NewKey {
            tag: tag.get_untracked(),
            slot: slot.get_untracked(),
            unit: unit.get_untracked(),
            kind: from_wire(&kind.get_untracked()).unwrap_or(KeyKind::ShortTerm),
            count: count.get_untracked().trim().parse().unwrap_or(0),
            seal_number: None,
            signature: None,
        };
        if key.kind != KeyKind::Sealed {
            if send(i18n, engine, Mutation::RegisterKey(RegisterKey { id: new_id(), key }), error) {
                reset();
            }
            return;
        }
        if !signed.get_untracked() {
            error.set(Some(t_string!(i18n, sync.field_seal).to_string()));
            return;
        }
        key.seal_number = Some(seal_number.get_untracked());
        leptos::task::spawn_local(async move {
            match crate::signature::take(pad).await {
                Ok(taken) => {
                    key.signature = Some(taken.photo.clone());
                    let m = Mutation::RegisterKey(RegisterKey { id: new_id(), key });
                    if send_signed(i18n, engine, taken, m, error).await {
                        reset();
                        signed.set(false);
                    }
                }
                Err(_) => error.set(Some(t_string!(i18n, errors.internal).to_string())),
            }
        });
    };
    view! {
        <form class="card" id="register-key" on:submit=submit novalidate>
            <h2>{t!(i18n, keys.register)}</h2>
            <label>{t!(i18n, keys.tag)}<input id="key-tag" bind:value=tag /></label>
            <label>{t!(i18n, keys.slot)}<input id="key-slot" bind:value=slot /></label>
            <label>{t!(i18n, keys.unit)}<input id="key-unit" placeholder="3栋-1502" bind:value=unit /></label>
            <label>{t!(i18n, keys.kind)}
                <select id="key-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {[KeyKind::ShortTerm, KeyKind::Sealed, KeyKind::Vacant, KeyKind::Repair].iter().map(|k| view! { <option value=wire(k)>{let k = *k; move || kind_text(i18n, k)}</option> }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, keys.count)}<input id="key-count" type="number" min="1" bind:value=count on:focus=select_all /></label>
            <Show when=sealed>
                <label>{t!(i18n, keys.seal_number)}<input id="key-seal-number" bind:value=seal_number /></label>
                <p class="hint">{t!(i18n, keys.owner_signs)}</p>
                <crate::signature::SignaturePad id="key-signature" pad signed />
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button id="key-submit" type="submit" class="primary">{t!(i18n, keys.register)}</button>
        </form>
    }
}

/// 重新封存: the owner seals a used key again, with a new seal number and signature.
#[component]
pub(super) fn ResealForm(key_id: String, resealing: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let seal_number = RwSignal::new(String::new());
    let pad = NodeRef::<leptos::html::Canvas>::new();
    let signed = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let key_id = StoredValue::new(key_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !signed.get_untracked() {
            error.set(Some(t_string!(i18n, sync.field_seal).to_string()));
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok(taken) = crate::signature::take(pad).await else {
                error.set(Some(t_string!(i18n, errors.internal).to_string()));
                return;
            };
            let m = Mutation::ResealKey(ResealKey {
                id: key_id.get_value(),
                seal_number: seal_number.get_untracked(),
                signature: taken.photo.clone(),
            });
            if send_signed(i18n, engine, taken, m, error).await {
                resealing.set(None);
            }
        });
    };
    view! {
        <form class="card" id="reseal-form" on:submit=submit novalidate>
            <h2>{t!(i18n, keys.reseal)}</h2>
            <label>{t!(i18n, keys.seal_number)}<input id="reseal-number" bind:value=seal_number /></label>
            <p class="hint">{t!(i18n, keys.owner_signs)}</p>
            <crate::signature::SignaturePad id="reseal-signature" pad signed />
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button id="reseal-submit" type="submit" class="primary">{t!(i18n, keys.reseal)}</button>
            <button type="button" class="link" on:click=move |_| resealing.set(None)>{t!(i18n, keys.cancel)}</button>
        </form>
    }
}

/// Moves a key to another slot, or retires it (the owner took it back, the lock changed).
#[component]
pub(super) fn ChangeForm(
    key_id: String,
    retiring: bool,
    changing: RwSignal<Option<(String, bool)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let key_id = StoredValue::new(key_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, v) = (key_id.get_value(), value.get_untracked());
        let m = if retiring {
            Mutation::RetireKey(RetireKey { id, reason: v })
        } else {
            Mutation::MoveKey(MoveKey { id, slot: v })
        };
        if send(i18n, engine, m, error) {
            changing.set(None);
        }
    };
    view! {
        <form class="card" id="key-change" on:submit=submit novalidate>
            <label>
                {if retiring { t_string!(i18n, keys.retire_reason) } else { t_string!(i18n, keys.new_slot) }}
                <input id="key-change-value" bind:value=value />
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button id="key-change-submit" type="submit" class="primary">
                {if retiring { t_string!(i18n, keys.retire) } else { t_string!(i18n, keys.move_slot) }}
            </button>
            <button type="button" class="link" on:click=move |_| changing.set(None)>{t!(i18n, keys.cancel)}</button>
        </form>
    }
}
