//! A finger signature on the tablet (the owner's on a sealed key's envelope): drawn on a
//! canvas, kept like a photo (a JPEG with its SHA-256, uploaded on its own).

use crate::i18n::*;
use crate::photos::Taken;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

const WIDTH: u32 = 600;
const HEIGHT: u32 = 200;

fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// White paper: a JPEG has no transparency, and a signature reads as ink on paper.
fn clear(canvas: &web_sys::HtmlCanvasElement) {
    if let Some(ctx) = context(canvas) {
        ctx.set_fill_style_str("#fff");
        ctx.fill_rect(0.0, 0.0, WIDTH as f64, HEIGHT as f64);
        ctx.set_line_width(3.0);
        ctx.set_line_cap("round");
        ctx.set_stroke_style_str("#111");
    }
}

/// Where the pointer is on the canvas, in the canvas's own pixels (it is drawn scaled).
fn point(canvas: &web_sys::HtmlCanvasElement, ev: &web_sys::PointerEvent) -> (f64, f64) {
    let sx = WIDTH as f64 / canvas.client_width().max(1) as f64;
    let sy = HEIGHT as f64 / canvas.client_height().max(1) as f64;
    (ev.offset_x() as f64 * sx, ev.offset_y() as f64 * sy)
}

/// The pad. `signed` turns true once something is drawn; `pad` lets the form take the
/// picture when it is submitted ([`take`]).
#[component]
pub fn SignaturePad(id: &'static str, pad: NodeRef<Canvas>, signed: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let drawing = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(c) = pad.get() {
            clear(&c);
        }
    });
    let down = move |ev: web_sys::PointerEvent| {
        let Some(c) = pad.get_untracked() else { return };
        let (x, y) = point(&c, &ev);
        if let Some(ctx) = context(&c) {
            ctx.begin_path();
            ctx.move_to(x, y);
        }
        drawing.set(true);
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        let Some(c) = pad.get_untracked() else { return };
        let (x, y) = point(&c, &ev);
        if let Some(ctx) = context(&c) {
            ctx.line_to(x, y);
            ctx.stroke();
        }
        signed.set(true);
    };
    view! {
        <div class="signature">
            <canvas id=id node_ref=pad width=WIDTH height=HEIGHT style="touch-action:none;width:100%;max-width:600px;border:1px solid #99a;border-radius:6px"
                on:pointerdown=down on:pointermove=moved
                on:pointerup=move |_| drawing.set(false) on:pointerleave=move |_| drawing.set(false)></canvas>
            <button type="button" class="link" on:click=move |_| {
                if let Some(c) = pad.get_untracked() { clear(&c); }
                signed.set(false);
            }>{t!(i18n, signature.clear)}</button>
        </div>
    }
}

/// The signature as a photo to attach.
pub async fn take(pad: NodeRef<Canvas>) -> Result<Taken, String> {
    let canvas = pad.get_untracked().ok_or("no signature pad")?;
    crate::photos::from_canvas(&canvas).await
}
