//! The SPA's entry point; everything else is in the library so tests can reach it.

fn main() {
    steward_app::start();
}
