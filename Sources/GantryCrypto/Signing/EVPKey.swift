import COpenSSL

/// One parsed OpenSSL key, freed once. OpenSSL 3 decodes DER through its provider framework,
/// which costs far more than a signature (measured: most of a log append's CPU went to `d2i_*`),
/// so keys are parsed once and kept.
final class EVPKey: @unchecked Sendable {  // An EVP_PKEY is only read after parsing; each operation has its own context.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    func use<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        try body(pointer)
    }
}
