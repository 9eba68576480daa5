//! SHA-256 in lowercase hex, as receipts record it: computed by `sha2`,
//! or by `ring` where the feature of that name is on (the same digests,
//! nearly twice as fast on a processor without SHA extensions).

/// A SHA-256 computed over bytes given in pieces. `ring`'s state is
/// boxed, so that the writers that hold one stay small (one allocation a
/// hash).
pub(crate) struct Sha256(
    #[cfg(not(feature = "ring"))] sha2::Sha256,
    #[cfg(feature = "ring")] Box<ring::digest::Context>,
);

impl Sha256 {
    /// The hash of nothing yet.
    pub(crate) fn new() -> Self {
        #[cfg(not(feature = "ring"))]
        return Self(<sha2::Sha256 as sha2::Digest>::new());
        #[cfg(feature = "ring")]
        return Self(Box::new(ring::digest::Context::new(&ring::digest::SHA256)));
    }

    /// Hashes `bytes` after those given before.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        #[cfg(not(feature = "ring"))]
        sha2::Digest::update(&mut self.0, bytes);
        #[cfg(feature = "ring")]
        self.0.update(bytes);
    }

    /// The digest of every byte given, in lowercase hex.
    pub(crate) fn finish_hex(self) -> String {
        #[cfg(not(feature = "ring"))]
        return hex(&sha2::Digest::finalize(self.0));
        #[cfg(feature = "ring")]
        return hex(self.0.finish().as_ref());
    }
}

/// A digest's bytes as lowercase hex.
pub(crate) fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(digest.len() * 2);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    hasher.finish_hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_input_has_the_known_digest() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// Whichever implementation the build uses gives sha2's digest, for
    /// every length around SHA-256's block and padding boundaries and
    /// for pieces of every size: a receipt does not depend on the build.
    #[test]
    fn the_digest_is_sha2s_at_every_length_and_split() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 37 % 251) as u8).collect();
        for len in (0..200).chain([511, 512, 513, 999, 1000]) {
            let bytes = data.get(..len).unwrap_or(&data);
            let expected = hex(&<sha2::Sha256 as sha2::Digest>::digest(bytes));
            assert_eq!(sha256_hex(bytes), expected, "{len} bytes");
            for piece in [1, 3, 55, 56, 63, 64, 65] {
                let mut hasher = Sha256::new();
                for part in bytes.chunks(piece) {
                    hasher.update(part);
                }
                assert_eq!(hasher.finish_hex(), expected, "{len} bytes in {piece}s");
            }
        }
    }
}
