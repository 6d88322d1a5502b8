//! The one integration-test binary of kw-formats: the readers on every real file of the sample.

mod odata;
