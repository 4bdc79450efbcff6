//! Lets reqwest resolve host names through the probe run's hickory resolver, so `--nameserver`
//! applies to HTTPS connections exactly as it does to DNS probes.

use std::net::SocketAddr;

use hickory_resolver::TokioResolver;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

pub(super) struct HickoryResolve(pub TokioResolver);

impl Resolve for HickoryResolve {
    fn resolve(&self, name: Name) -> Resolving {
        let resolver = self.0.clone();
        Box::pin(async move {
            let absolute = format!("{}.", name.as_str().trim_end_matches('.'));
            let ips = resolver.lookup_ip(absolute.as_str()).await?;
            // The port is a placeholder: reqwest puts the URL's port in.
            let addrs: Vec<SocketAddr> = ips.iter().map(|ip| SocketAddr::new(ip, 0)).collect();
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}
