//! Reading a slip's QR code with the phone's camera: frames from the camera drawn on a
//! canvas a few times a second and handed to a QR decoder (rqrr, pure Rust: works the
//! same in every browser and with no network).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream, MediaStreamConstraints,
};

/// Frames are scaled down to this width before decoding: a slip held up to the camera
/// still has modules several pixels wide, and a smaller frame decodes faster.
const FRAME_WIDTH: u32 = 640;

/// The text of the first QR code in a greyscale frame.
pub fn decode(luma: &[u8], width: usize, height: usize) -> Option<String> {
    if luma.len() < width * height {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image.detect_grids().into_iter().find_map(|g| g.decode().ok().map(|(_, text)| text))
}

/// Starts the back camera in `video`.
pub async fn start(video: &HtmlVideoElement) -> Result<MediaStream, JsValue> {
    let devices = web_sys::window().ok_or("no window")?.navigator().media_devices()?;
    let constraints = MediaStreamConstraints::new();
    let wanted = js_sys::Object::new();
    js_sys::Reflect::set(&wanted, &"facingMode".into(), &"environment".into())?;
    constraints.set_video(&wanted);
    let stream: MediaStream =
        JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?.dyn_into()?;
    video.set_src_object(Some(&stream));
    video.set_muted(true);
    let _ = video.set_attribute("playsinline", "");
    JsFuture::from(video.play()?).await?;
    Ok(stream)
}

pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(t) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            t.stop();
        }
    }
}

/// The current frame of `video`, greyscale, drawn through `canvas`.
pub fn frame(video: &HtmlVideoElement, canvas: &HtmlCanvasElement) -> Option<(Vec<u8>, usize, usize)> {
    let (vw, vh) = (video.video_width(), video.video_height());
    if vw == 0 || vh == 0 {
        return None;
    }
    let w = vw.min(FRAME_WIDTH);
    let h = (vh as u64 * w as u64 / vw as u64) as u32;
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w as f64, h as f64).ok()?;
    let rgba = ctx.get_image_data(0.0, 0.0, w as f64, h as f64).ok()?.data();
    let luma = rgba
        .chunks_exact(4)
        .map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8)
        .collect();
    Some((luma, w as usize, h as usize))
}
