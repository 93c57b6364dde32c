//! Which `Host` a request may name. The preview answers only requests addressed to itself: a
//! page of another site whose name was pointed at 127.0.0.1 afterwards (DNS rebinding) still
//! sends that name as its host, and is refused, so it cannot read the preview's pages, nor the
//! errors shown over them, which quote the site's files.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The hosts the preview answers: `127.0.0.1`, `localhost` and `[::1]`, and the address it
/// listens on, each with its port (and also without it on port 80). Listening on every address
/// (`0.0.0.0`, `::`), any IP address is accepted, never a name other than `localhost`: a
/// rebinding page always sends a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hosts {
    bound: SocketAddr,
}

impl Hosts {
    pub fn new(bound: SocketAddr) -> Self {
        Hosts { bound }
    }

    /// Whether a request with this `Host` header is for the preview.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let Some((name, port)) = split_port(&host) else {
            return false;
        };
        let port_ok = match port {
            Some(port) => port == self.bound.port(),
            None => self.bound.port() == 80,
        };
        port_ok && self.allows_name(name)
    }

    fn allows_name(&self, name: &str) -> bool {
        if name == "localhost" {
            return true;
        }
        let Some(ip) = parse_ip(name) else {
            return false;
        };
        let bound = self.bound.ip();
        ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
            || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
            || ip == bound
            || bound.is_unspecified()
    }
}

/// `name` and the port of `name:port`; `[v6]` keeps its brackets. `None` when the port is not a
/// number, or a name holds a colon outside brackets.
fn split_port(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, rest) = if host.starts_with('[') {
        let end = host.find(']')? + 1;
        host.split_at(end)
    } else {
        match host.find(':') {
            Some(at) => host.split_at(at),
            None => (host, ""),
        }
    };
    if rest.is_empty() {
        return Some((name, None));
    }
    let digits = rest.strip_prefix(':')?;
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, Some(digits.parse().ok()?)))
}

/// An IP address written as a host: `1.2.3.4` or `[::1]`.
fn parse_ip(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[') {
        Some(inner) => inner
            .strip_suffix(']')?
            .parse::<Ipv6Addr>()
            .ok()
            .map(IpAddr::V6),
        None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(addr: &str) -> Hosts {
        Hosts::new(addr.parse().unwrap())
    }

    #[test]
    fn loopback_names_with_the_port_are_accepted() {
        let local = hosts("127.0.0.1:1111");
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
            " localhost:1111 ",
        ] {
            assert!(local.allows(host), "{host}");
        }
        let v6 = hosts("[::1]:1111");
        assert!(v6.allows("[::1]:1111"));
        assert!(v6.allows("127.0.0.1:1111"));
    }

    #[test]
    fn other_hosts_and_ports_are_refused() {
        let local = hosts("127.0.0.1:1111");
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "localhost:2222",
            "localhost",
            "127.0.0.1",
            "127.0.0.1:",
            "127.0.0.1:1111:1111",
            "127.0.0.1:01111x",
            "127.0.0.1:99999999",
            "user@127.0.0.1:1111",
            "127.0.0.2:1111",
            "192.168.1.5:1111",
            "[::1]",
            "[::1:1111",
            "::1:1111",
            "[::ffff:127.0.0.1]:1111",
            "",
        ] {
            assert!(!local.allows(host), "{host}");
        }
    }

    #[test]
    fn port_80_may_be_left_out() {
        let standard = hosts("127.0.0.1:80");
        for host in ["localhost", "127.0.0.1", "[::1]", "localhost:80"] {
            assert!(standard.allows(host), "{host}");
        }
        assert!(!standard.allows("evil.example"));
        assert!(!standard.allows("localhost:8080"));
    }

    #[test]
    fn the_address_given_with_bind_is_accepted() {
        let lan = hosts("192.168.1.5:1111");
        assert!(lan.allows("192.168.1.5:1111"));
        assert!(lan.allows("localhost:1111"));
        assert!(!lan.allows("192.168.1.6:1111"));
        assert!(!lan.allows("may-chu.example:1111"));
        let lan6 = hosts("[fd00::5]:1111");
        assert!(lan6.allows("[fd00::5]:1111"));
        assert!(!lan6.allows("[fd00::6]:1111"));
    }

    #[test]
    fn every_address_accepts_ip_addresses_but_not_names() {
        for bound in ["0.0.0.0:1111", "[::]:1111"] {
            let any = hosts(bound);
            assert!(any.allows("192.168.1.5:1111"), "{bound}");
            assert!(any.allows("[fd00::5]:1111"), "{bound}");
            assert!(any.allows("localhost:1111"), "{bound}");
            assert!(!any.allows("evil.example:1111"), "{bound}");
            assert!(!any.allows("192.168.1.5:2222"), "{bound}");
        }
    }
}
