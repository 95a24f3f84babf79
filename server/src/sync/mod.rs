//! The server's half of sync: apply pushed mutations exactly once in one total order,
//! and hand out changes by cursor. Plain functions on a connection, so the HTTP handlers,
//! the model-based tests and the benchmark all run the very same code.

pub mod pull;
pub mod push;
pub mod store;

pub use pull::{PullError, pull};
pub use push::{PushError, Pusher, push};
