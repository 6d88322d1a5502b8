//! The one integration-test binary of kw-web: the real application on a loopback socket.

mod pages;
