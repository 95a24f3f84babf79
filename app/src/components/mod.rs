//! UI pieces shared by several screens (each screen's own parts stay under `pages/`).

pub mod unit_picker;
