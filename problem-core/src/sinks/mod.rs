//! The writers of the [sink protocol](crate::protocol), one file each. Each
//! knows the protocol, the model and the translations it is given, and none
//! knows another: the `Envelope` (in `problem.rs`) picks the sink for the
//! job and runs the problem's `__write` into it.
//!
//! | sink | writes | for |
//! |---|---|---|
//! | `json` | JSON bytes, any shape | `to_vec`, `to_writer`, framework responses |
//! | `serde` | a `serde` map, one part at a time | `Envelope`'s `Serialize` |
//! | `details` | an owned `ProblemDetails` | `to_details` |
//! | `facts` | one fact of the occurrence | `code()`, `status()`, `detail()`, ... |

pub(crate) mod details;
pub(crate) mod facts;
pub(crate) mod json;
pub(crate) mod serde;
