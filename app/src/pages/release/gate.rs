//! 门岗核验 on the guard's phone: the slip's QR code read by the camera (or its number
//! typed), checked with no network against the device keys and the releases this phone
//! holds; the guard compares the goods and releases them (copy 2 kept) or sends the
//! applicant back with the reason. A slip goes out once.

use super::*;
use steward_domain::release::gate::Verdict;
use steward_domain::release::pass::SignedPass;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::RecordGateCheck;
use wasm_bindgen::JsCast;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

/// The verdict on `text` from what this phone holds: the domain's own gate verdict over
/// the device's view (keys, slips, void slips, releases, restrictions).
fn judge(engine: SyncEngine, text: &str) -> (Option<SignedPass>, Verdict) {
    engine
        .read(|s| steward_domain::release::rules::verdict_at_gate(s, text, today()).ok())
        .flatten()
        .unwrap_or_else(|| (SignedPass::from_qr(text).ok(), Verdict::NotASlip))
}

/// Whether this phone holds the slip the code names (issued, or refused by the server).
fn holds(engine: SyncEngine, text: &str) -> bool {
    if steward_domain::visit::day_pass::SignedDayPass::is_day_pass(text) {
        // A day pass is judged on what this phone holds: the desk's key is what counts.
        return true;
    }
    let Ok(p) = SignedPass::from_qr(text) else { return true };
    engine.record(Kind::ReleaseSlip, &p.pass.slip_id).is_some()
        || engine.record(Kind::VoidSlip, &p.pass.slip_id).is_some()
}

pub(super) fn verdict_text(i18n: I18nContext<Locale>, v: &Verdict, checks: &[GateRecord]) -> String {
    match v {
        Verdict::Valid => t_string!(i18n, release.verdict_valid).to_string(),
        Verdict::NotASlip => t_string!(i18n, release.verdict_not_a_slip).to_string(),
        Verdict::Void { code, field } => t_string!(i18n, release.verdict_void)
            .replace("{why}", &crate::sync_text::rejection_text(i18n, Some(*code), *field)),
        Verdict::NotIssued => t_string!(i18n, release.verdict_not_issued).to_string(),
        Verdict::Forged => t_string!(i18n, release.verdict_forged).to_string(),
        Verdict::UnknownKey => t_string!(i18n, release.verdict_unknown_key).to_string(),
        Verdict::RevokedKey => t_string!(i18n, release.verdict_revoked).to_string(),
        Verdict::Restricted { reason, until } => t_string!(i18n, release.verdict_restricted)
            .replace("{reason}", reason)
            .replace("{until}", &until.to_string()),
        Verdict::NotYet { from } => {
            t_string!(i18n, release.verdict_not_yet).replace("{from}", &from.to_string())
        }
        Verdict::Expired { until } => {
            t_string!(i18n, release.verdict_expired).replace("{until}", &until.to_string())
        }
        Verdict::AlreadyReleased { at, by_name } => {
            // The gate's own clock as the guard saw it, where it said.
            let at = checks
                .iter()
                .find(|c| c.check.released && &c.check.at == at && !c.gate_time.is_empty())
                .map(|c| c.gate_time.clone())
                .unwrap_or_else(|| local_minute(at));
            t_string!(i18n, release.verdict_released).replace("{time}", &at).replace("{by}", by_name)
        }
    }
}

fn local_minute(at: &steward_domain::clock::Timestamp) -> String {
    at.utc().with_timezone(&steward_domain::clock::property_zone()).format("%H:%M").to_string()
}

#[component]
pub fn GatePage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let scanned = RwSignal::new(None::<String>);
    let scan_ms = RwSignal::new(None::<f64>);
    let scanning = RwSignal::new(false);
    let camera_failed = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let online = crate::connectivity::use_connectivity().online;
    let number = RwSignal::new(String::new());
    let not_found = RwSignal::new(false);
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    let video_ref = NodeRef::<leptos::html::Video>::new();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();

    // `try_` throughout: the page may be gone (signals disposed) while a frame is decoded.
    let stop = move || {
        scanning.try_set(false);
        if let Some(Some(s)) = stream.try_get_value() {
            crate::qr_scan::stop(&s);
        }
        stream.try_set_value(None);
    };
    let start = move |_| {
        let (Some(video), Some(canvas)) = (video_ref.get_untracked(), canvas_ref.get_untracked()) else {
            return;
        };
        let video: web_sys::HtmlVideoElement = video.unchecked_into();
        let canvas: web_sys::HtmlCanvasElement = canvas.unchecked_into();
        if scanning.get_untracked() {
            return;
        }
        stop();
        scanned.set(None);
        camera_failed.set(false);
        scanning.set(true);
        leptos::task::spawn_local(async move {
            match crate::qr_scan::start(&video).await {
                // Stopped (or the page left) while the camera was starting: let it go.
                Ok(s) if scanning.try_get_untracked() != Some(true) => crate::qr_scan::stop(&s),
                Ok(s) => stream.set_value(Some(s)),
                Err(_) => {
                    camera_failed.try_set(true);
                    scanning.try_set(false);
                    return;
                }
            }
            while scanning.try_get_untracked() == Some(true) {
                gloo_timers::future::TimeoutFuture::new(150).await;
                if scanning.try_get_untracked() != Some(true) {
                    break;
                }
                let Some((luma, w, h)) = crate::qr_scan::frame(&video, &canvas) else { continue };
                // Timed from the frame to the verdict: decoding and the signature check.
                let started = now_ms();
                if let Some(text) = crate::qr_scan::decode(&luma, w, h) {
                    let _ = judge(engine, &text);
                    scan_ms.try_set(Some(now_ms() - started));
                    stop();
                    // A slip this phone has not received: online, ask the server first (it
                    // may have refused the slip) before the guard decides.
                    if !holds(engine, &text) && online.get_untracked() {
                        asking.try_set(true);
                        engine.refresh(std::time::Duration::from_secs(4)).await;
                        asking.try_set(false);
                    }
                    scanned.try_set(Some(text));
                }
            }
        });
    };
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = number.get_untracked().trim().to_ascii_uppercase();
        let found =
            engine.typed::<ReleaseSlip>().into_iter().find(|(id, _, _)| ReleaseSlip::number(id) == wanted);
        not_found.set(found.is_none());
        // A number not found takes the last slip off the screen: nothing to release by mistake.
        scanned.set(None);
        if let Some((_, s, _)) = found {
            scan_ms.set(None);
            scanned.set(Some(s.pass.qr_text()));
        }
    };
    on_cleanup(stop);
    view! {
        <section class="page" id="gate-check">
            <h1>{t!(i18n, release.gate_title)}</h1>
            <p class="intro">{t!(i18n, release.gate_intro)}</p>
            <div class="scanner" class:active=move || scanning.get()>
                <video node_ref=video_ref id="gate-video" muted=true playsinline=true></video>
                <canvas node_ref=canvas_ref class="hidden"></canvas>
            </div>
            {move || if scanning.get() {
                view! { <button type="button" id="gate-stop" on:click=move |_| stop()>{t!(i18n, release.stop_scan)}</button> }.into_any()
            } else {
                view! { <button type="button" class="primary" id="gate-scan" on:click=start>{t!(i18n, release.scan)}</button> }.into_any()
            }}
            {move || asking.get().then(|| view! { <p class="hint" id="gate-asking">{t!(i18n, release.asking_server)}</p> })}
            {move || camera_failed.get().then(|| view! { <p class="error" id="gate-camera-failed">{t!(i18n, release.camera_failed)}</p> })}
            <form class="row" id="gate-find" on:submit=find>
                <label>{t!(i18n, release.type_number)}<input id="gate-number" autocomplete="off" bind:value=number /></label>
                <button type="submit">{t!(i18n, release.find)}</button>
            </form>
            {move || not_found.get().then(|| view! { <p class="hint" id="gate-not-found">{t!(i18n, release.not_found)}</p> })}
            {move || scanned.get().map(|text| {
                let done = Callback::new(move |_| scanned.set(None));
                // The same scanner reads a visitor's day pass.
                if steward_domain::visit::day_pass::SignedDayPass::is_day_pass(&text) {
                    view! { <crate::pages::visitors::PassDecision text done /> }.into_any()
                } else {
                    view! { <Decision text scan_ms=scan_ms.get() done /> }.into_any()
                }
            })}
        </section>
    }
}

/// What the scanned slip says and what the guard decides about it.
#[component]
fn Decision(text: String, scan_ms: Option<f64>, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let decided = RwSignal::new(None::<bool>);
    let copy_kept = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Judged once, as scanned: the guard's own release must not turn it into "released".
    let (pass, verdict) = judge(engine, &text);
    let slip_id = pass.as_ref().map(|p| p.pass.slip_id.clone()).unwrap_or_default();
    let checks = checks_by_slip(engine).remove(&slip_id).unwrap_or_default();
    let valid = verdict == Verdict::Valid;
    let already = matches!(verdict, Verdict::AlreadyReleased { .. });
    let verdict_line = verdict_text(i18n, &verdict, &checks);
    let pending = super::pending_checks(engine);
    let history = checks.iter().map(|c| super::check_text(i18n, c, &pending)).collect::<Vec<_>>().join("；");
    let record = engine.one::<ReleaseSlip>(&slip_id);
    let decide = {
        let pass = pass.clone();
        move |released: bool| {
            let Some(pass) = pass.clone() else { return };
            let at = local_minute(&crate::clock::now());
            let m = Mutation::RecordGateCheck(RecordGateCheck {
                id: crate::clock::new_id(),
                slip_id: pass.pass.slip_id.clone(),
                pass,
                released,
                reason: reason.get_untracked(),
                copy_kept: copy_kept.get_untracked(),
                gate_time: at,
            });
            if crate::form_send::send(i18n, engine, m, error) {
                decided.set(Some(released));
            }
        }
    };
    let release = decide.clone();
    let refuse = decide;
    view! {
        <article class="card gate-result" id="gate-result" class:valid=valid class:refused=!valid
            data-verdict=format!("{verdict:?}") data-scan-ms=scan_ms.map(|m| format!("{m:.1}"))>
            <Show when=move || decided.get().is_none()>
                <p id="gate-verdict" class=if valid { "verdict ok" } else { "verdict error" }>{verdict_line.clone()}</p>
            </Show>
            {(!history.is_empty()).then(|| view! {
                <p class="hint" id="gate-history">{t!(i18n, release.earlier_checks)} {move || crate::language::colon(i18n)} {history.clone()}</p>
            })}
            {pass.map(|p| {
                let p = p.pass;
                view! {
                    <dl class="facts">
                        <dt>{t!(i18n, release.number)}</dt><dd>{ReleaseSlip::number(&p.slip_id)}</dd>
                        <dt>{t!(i18n, release.unit)}</dt><dd id="gate-unit">{p.unit.clone()}</dd>
                        {p.plate.clone().map(|pl| view! { <dt>{t!(i18n, release.plate_printed)}</dt><dd>{pl}</dd> })}
                        <dt>{t!(i18n, release.valid)}</dt><dd>{if p.from == p.until { p.from.to_string() } else { format!("{} – {}", p.from, p.until) }}</dd>
                        {record.as_ref().map(|r| view! {
                            <dt>{t!(i18n, release.applicant)}</dt><dd id="gate-applicant">{super::print::applicant_text(i18n, &r.applicant)}</dd>
                            <dt>{t!(i18n, release.issued_by)}</dt><dd>{r.issued_by_name.clone()}</dd>
                        })}
                    </dl>
                    {record.is_none().then(|| view! { <p class="hint" id="gate-not-held">{t!(i18n, release.not_held)}</p> })}
                    <ul id="gate-goods">
                        {p.items.iter().enumerate().map(|(i, it)| {
                            let photos = record.as_ref().and_then(|r| r.items.get(i)).map(|r| r.photos.clone()).unwrap_or_default();
                            view! {
                                <li><strong>{it.name.clone()}</strong> " × " {it.quantity}
                                    <div class="photos">{photos.into_iter().map(|photo| view! { <crate::photos::PhotoThumb photo /> }).collect_view()}</div></li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            {move || match decided.get() {
                Some(true) => view! { <p class="verdict ok" id="gate-done">{t!(i18n, release.released_done)}</p> }.into_any(),
                Some(false) => view! { <p class="verdict error" id="gate-done">{t!(i18n, release.refused_done)}</p> }.into_any(),
                None => ().into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Show when=move || decided.get().is_none() && !slip_id.is_empty() && !already>
                {valid.then(|| { let release = release.clone(); view! {
                    <label class="inline"><input type="checkbox" id="gate-copy-kept" prop:checked=move || copy_kept.get() on:change=move |ev| copy_kept.set(event_target_checked(&ev)) />{t!(i18n, release.copy_kept)}</label>
                    <button type="button" class="primary" id="gate-release" prop:disabled=move || !copy_kept.get() on:click=move |_| release(true)>{t!(i18n, release.release)}</button>
                }})}
                <label>{t!(i18n, release.refuse_reason)}<input id="gate-refuse-reason" bind:value=reason /></label>
                <button type="button" id="gate-refuse" on:click={ let refuse = refuse.clone(); move |_| refuse(false) }>{t!(i18n, release.refuse)}</button>
            </Show>
            <button type="button" class="link" id="gate-next" on:click=move |_| done.run(())>{t!(i18n, release.scan_next)}</button>
        </article>
    }
}
