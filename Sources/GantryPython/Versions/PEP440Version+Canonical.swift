extension PEP440Version {
    /// packaging's `canonicalize_version`: the normalized form with trailing zeros of the release
    /// dropped (`1.0.0` → `1`, `2.1.0rc1` → `2.1rc1`). Equal versions have the same canonical
    /// form, so an index can key releases by it.
    public var canonicalForm: String {
        var copy = self
        while copy.release.count > 1, copy.release.last == 0 { copy.release.removeLast() }
        return copy.description
    }
}
