//! Photos on the device: taken with the camera (or picked), shrunk to 1600 px JPEG before
//! anything is stored, kept in IndexedDB until uploaded on their own, shown from the device
//! while they wait and from the server after.

use crate::i18n::*;
use crate::sync::use_sync;
use leptos::prelude::*;
use steward_domain::photo::{MAX_BYTES, PhotoRef, fit, sha256_hex};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap};

/// JPEG qualities tried in turn: text and cracks stay legible at ~250 KB with the first.
const QUALITIES: [f64; 3] = [0.82, 0.7, 0.55];

async fn encode(canvas: &HtmlCanvasElement, quality: f64) -> Result<(Blob, Vec<u8>), String> {
    let encoded = js_sys::Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ =
            canvas.to_blob_with_type_and_encoder_options(done.unchecked_ref(), "image/jpeg", &quality.into());
    });
    let blob: Blob = JsFuture::from(encoded).await.map_err(js_err)?.dyn_into().map_err(|_| "not encoded")?;
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(js_err)?;
    Ok((blob, js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// A photo ready to attach: its reference and its (resized) bytes.
#[derive(Clone)]
pub struct Taken {
    pub photo: PhotoRef,
    pub blob: Blob,
}

fn js_err(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Decodes `file` (EXIF orientation applied by the browser), draws it at most 1600 px on
/// its longest side and encodes it as JPEG.
pub async fn prepare(file: &File) -> Result<Taken, String> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file).map_err(js_err)?)
        .await
        .map_err(js_err)?
        .dyn_into()
        .map_err(js_err)?;
    let (w, h) = fit(bitmap.width(), bitmap.height());
    let document = window.document().ok_or("no document")?;
    let canvas: HtmlCanvasElement =
        document.create_element("canvas").map_err(js_err)?.dyn_into().map_err(|_| "no canvas")?;
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js_err)?
        .ok_or("no 2d context")?
        .dyn_into()
        .map_err(|_| "no 2d context")?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w as f64, h as f64).map_err(js_err)?;
    bitmap.close();
    // A very busy picture can still be large at the first quality: step down until it fits.
    let mut encoded = None;
    for quality in QUALITIES {
        let (blob, bytes) = encode(&canvas, quality).await?;
        let fits = bytes.len() as u64 <= MAX_BYTES;
        encoded = Some((blob, bytes));
        if fits {
            break;
        }
    }
    let (blob, bytes) = encoded.ok_or("not encoded")?;
    let photo =
        PhotoRef { id: crate::clock::new_id(), sha256: sha256_hex(&bytes), bytes: bytes.len() as u64 };
    Ok(Taken { photo, blob })
}

/// A picture drawn on `canvas` (a signature), as a photo to attach.
pub async fn from_canvas(canvas: &HtmlCanvasElement) -> Result<Taken, String> {
    let (blob, bytes) = encode(canvas, QUALITIES[0]).await?;
    let photo =
        PhotoRef { id: crate::clock::new_id(), sha256: sha256_hex(&bytes), bytes: bytes.len() as u64 };
    Ok(Taken { photo, blob })
}

/// A camera button: each photo taken is prepared and handed to `taken`, one at a time, so
/// twenty 5 MB photos never sit in memory together.
#[component]
pub fn PhotoInput(
    #[prop(into)] id: String,
    label: Signal<String>,
    taken: Callback<Vec<Taken>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(files) = input.files() else { return };
        let files: Vec<File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        busy.set(true);
        failed.set(false);
        leptos::task::spawn_local(async move {
            let mut ready = Vec::new();
            for file in files {
                match prepare(&file).await {
                    Ok(t) => ready.push(t),
                    Err(_) => failed.set(true),
                }
            }
            busy.set(false);
            if !ready.is_empty() {
                taken.run(ready);
            }
        });
    };
    view! {
        <label class="button photo-input">
            {move || label.get()}
            <input id=id type="file" accept="image/*" capture="environment" multiple on:change=on_change />
        </label>
        {move || busy.get().then(|| view! { <span class="hint">{t!(i18n, photos.preparing)}</span> })}
        {move || failed.get().then(|| view! { <span class="error">{t!(i18n, photos.unreadable)}</span> })}
    }
}

/// Thumbnails of photos just taken (not yet attached).
#[component]
pub fn TakenThumbs(taken: RwSignal<Vec<Taken>, LocalStorage>) -> impl IntoView {
    view! {
        <div class="photos">
            {move || taken.get().into_iter().map(|t| {
                let url = web_sys::Url::create_object_url_with_blob(&t.blob).unwrap_or_default();
                view! { <img src=url alt="" /> }
            }).collect_view()}
        </div>
    }
}

/// One attached photo: from this device while it waits to upload, else from the server.
#[component]
pub fn PhotoThumb(photo: PhotoRef) -> impl IntoView {
    let engine = use_sync();
    let server = format!("/api/photos/{}", photo.id);
    let fallback = server.clone();
    let id = photo.id.clone();
    let local = LocalResource::new(move || {
        let id = id.clone();
        async move { engine.waiting_photo_url(&id).await }
    });
    view! {
        <a class="photo" href=server.clone() target="_blank">
            {move || local.get().map(|url| view! { <img loading="lazy" alt="" src=url.unwrap_or_else(|| fallback.clone()) /> })}
        </a>
    }
}
