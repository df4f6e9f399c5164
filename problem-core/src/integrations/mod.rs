//! Framework integrations, each behind a feature of `problem_core`, and the
//! problems a web framework's own plumbing produces ([`RequestProblem`]).
//!
//! Nothing in the core imports this module: the integrations sit at the
//! edge. The derive reaches them through one hidden macro,
//! [`__impl_integrations!`](crate::__impl_integrations), which this module
//! defines differently per feature: with no framework feature on, it expands
//! to nothing.

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "tonic")]
pub mod tonic;
#[cfg(feature = "utoipa")]
pub mod utoipa;

#[cfg(feature = "derive")]
pub(crate) mod request;

// The rules axum's `ProblemLayer` and actix-web's `ProblemMiddleware` share.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) mod context;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) mod lend;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) mod plain;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) mod request_id;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) mod traceparent;

/// What the hidden macros' expansions name through `::problem_core::__private`.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "actix-web")]
    pub use ::actix_web;
    #[cfg(feature = "axum")]
    pub use ::axum;
    #[cfg(feature = "tonic")]
    pub use ::tonic;
    #[cfg(feature = "utoipa")]
    pub use ::utoipa;

    #[cfg(feature = "actix-web")]
    pub use crate::integrations::actix::error::ProblemError as ActixProblemError;
    #[cfg(feature = "axum")]
    pub use crate::integrations::axum::response::problem_response as axum_problem_response;
    #[cfg(feature = "tonic")]
    pub use crate::integrations::tonic::encode::problem_status as tonic_problem_status;
    #[cfg(feature = "utoipa")]
    pub use crate::integrations::utoipa::catalog_responses as utoipa_catalog_responses;
}

/// Implements the enabled frameworks' traits for a derived type. Not public
/// API: `#[derive(Problem)]` emits one call per type, as
/// `__impl_integrations! { {impl generics} {Type<params>} {where predicates,} }`.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_integrations {
    ({$($g:tt)*} {$($ty:tt)*} {$($w:tt)*}) => {
        $crate::__impl_axum! { {$($g)*} {$($ty)*} {$($w)*} }
        $crate::__impl_actix! { {$($g)*} {$($ty)*} {$($w)*} }
        $crate::__impl_utoipa! { {$($g)*} {$($ty)*} {$($w)*} }
        $crate::__impl_tonic! { {$($g)*} {$($ty)*} {$($w)*} }
    };
}

/// `axum::response::IntoResponse` for a derived type (`axum` feature).
#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_axum {
    ({$($g:tt)*} {$($ty:tt)*} {$($w:tt)*}) => {
        #[automatically_derived]
        impl $($g)* $crate::__private::axum::response::IntoResponse for $($ty)*
        where
            $($w)*
            Self: $crate::__private::Problem,
        {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum_problem_response(
                    &self,
                    {
                        #[allow(unused_imports)]
                        use $crate::__private::{CauseError as _, CauseExplained as _, CauseNone as _};
                        (&&&$crate::__private::Cause(&self)).cause()
                    },
                )
            }
        }
    };
}

/// Without the `axum` feature: nothing.
#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_axum {
    ($($tt:tt)*) => {};
}

/// `From<T> for actix_web::Error`, so that a derived type is a handler error
/// (`actix-web` feature).
#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_actix {
    ({$($g:tt)*} {$($ty:tt)*} {$($w:tt)*}) => {
        #[automatically_derived]
        impl $($g)* ::core::convert::From<$($ty)*> for $crate::__private::actix_web::Error
        where
            $($w)*
            $($ty)*: $crate::__private::Problem,
        {
            fn from(problem: $($ty)*) -> Self {
                let __cause = {
                    #[allow(unused_imports)]
                    use $crate::__private::{CauseError as _, CauseExplained as _, CauseNone as _};
                    (&&&$crate::__private::Cause(&problem)).cause()
                };
                ::core::convert::From::from($crate::__private::ActixProblemError::observed(
                    &$crate::__private::Envelope::new(&problem),
                    __cause,
                ))
            }
        }
    };
}

/// Without the `actix-web` feature: nothing.
#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_actix {
    ($($tt:tt)*) => {};
}

/// `utoipa::IntoResponses` for a derived type (`utoipa` feature).
#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_utoipa {
    ({$($g:tt)*} {$($ty:tt)*} {$($w:tt)*}) => {
        #[automatically_derived]
        impl $($g)* $crate::__private::utoipa::IntoResponses for $($ty)*
        where
            $($w)*
            Self: $crate::__private::Problem,
        {
            fn responses() -> $crate::__private::std::collections::BTreeMap<
                $crate::__private::std::string::String,
                $crate::__private::utoipa::openapi::RefOr<$crate::__private::utoipa::openapi::response::Response>,
            > {
                $crate::__private::utoipa_catalog_responses(
                    &<Self as $crate::__private::Problem>::CATALOG,
                    <Self as $crate::__private::Problem>::ENVELOPE,
                )
            }
        }
    };
}

/// Without the `utoipa` feature: nothing.
#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_utoipa {
    ($($tt:tt)*) => {};
}

/// `From<T> for tonic::Status`, so that a derived type is a gRPC handler
/// error (`tonic` feature).
#[cfg(feature = "tonic")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_tonic {
    ({$($g:tt)*} {$($ty:tt)*} {$($w:tt)*}) => {
        #[automatically_derived]
        impl $($g)* ::core::convert::From<$($ty)*> for $crate::__private::tonic::Status
        where
            $($w)*
            $($ty)*: $crate::__private::Problem,
        {
            fn from(problem: $($ty)*) -> Self {
                $crate::__private::tonic_problem_status(
                    &problem,
                    {
                        #[allow(unused_imports)]
                        use $crate::__private::{CauseError as _, CauseExplained as _, CauseNone as _};
                        (&&&$crate::__private::Cause(&problem)).cause()
                    },
                )
            }
        }
    };
}

/// Without the `tonic` feature: nothing.
#[cfg(not(feature = "tonic"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_tonic {
    ($($tt:tt)*) => {};
}
