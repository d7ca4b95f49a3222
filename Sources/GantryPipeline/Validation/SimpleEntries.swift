import GantryYAML

/// The small keyword entries jobs and `default:` share: `hooks`, `id_tokens`, `tags`, `timeout`,
/// `coverage`, `inherit`, `pages`, and the EE `secrets` and `dast_configuration`.
enum SimpleEntries {
    /// `hooks: {pre_get_sources_script: ...}`.
    static func hooks(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.hookKeys, scope: scope, into: &diagnostics)
        for entry in map.entries where KeywordLists.hookKeys.contains(entry.key) && !entry.value.isNull {
            NodeChecks.checkCommands(entry.value, scope: scope.child(entry.key), into: &diagnostics)
        }
    }

    /// `id_tokens: {NAME: {aud: string or list}}`.
    static func idTokens(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        for entry in map.entries {
            let token = scope.child(entry.key)
            guard let spec = entry.value.mapping else {
                // `NAME:` alone is read as `{}`, which has no `aud`.
                if entry.value.isNull {
                    token.config("missing required keys: aud", at: entry.value.mark, into: &diagnostics)
                } else {
                    token.config("should be a hash", at: entry.value.mark, into: &diagnostics)
                }
                continue
            }
            NodeChecks.checkRequiredKeys(spec, ["aud"], mark: entry.value.mark, scope: token, into: &diagnostics)
            NodeChecks.checkAllowedKeys(spec, ["aud"], scope: token, into: &diagnostics)
            if let aud = spec["aud"], !NodeChecks.isArrayOfStringsOrString(aud) {
                token.error("aud", "should be an array of strings or a string", at: aud.mark, into: &diagnostics)
            }
        }
    }

    /// `tags:` (`Entry::Tags`): strings, fewer than 50 of them.
    static func tags(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard NodeChecks.isArrayOfStrings(node), let items = node.sequence else {
            scope.config("should be an array of strings", at: node.mark, into: &diagnostics)
            return
        }
        if Set(items.compactMap(\.string)).count >= KeywordLists.tagsLimit {
            scope.config("must be less than the limit of \(KeywordLists.tagsLimit) tags", at: node.mark, into: &diagnostics)
        }
    }

    /// `timeout:`: a duration of at most a month.
    static func timeout(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        DurationCheck.check(node, attribute: "config", scope: scope, limit: DurationCheck.maxTimeout, into: &diagnostics)
    }

    /// `coverage: /regex/`.
    static func coverage(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let text = node.string, NodeChecks.isValidRegexp(text) else {
            scope.config("must be a regular expression with re2 syntax", at: node.mark, into: &diagnostics)
            return
        }
    }

    /// `inherit: {default: bool or [keywords], variables: bool or [names]}`.
    static func inherit(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, ["default", "variables"], scope: scope, into: &diagnostics)
        for key in ["default", "variables"] {
            guard let value = map[key], !value.isNull, !NodeChecks.isBool(value) else { continue }
            let entry = scope.child(key)
            guard let items = value.sequence else {
                diagnostics.error(value.mark, entry.bare("should be a bool or array of strings"))
                continue
            }
            guard NodeChecks.isArrayOfStrings(value) else {
                entry.config("should be an array of strings", at: value.mark, into: &diagnostics)
                continue
            }
            if key == "default" {
                let unknown = items.compactMap(\.string).filter { !KeywordLists.defaultKeys.contains($0) }
                if !unknown.isEmpty {
                    entry.config("contains unknown values: " + unknown.joined(separator: ", "), at: value.mark,
                                 into: &diagnostics)
                }
            }
        }
    }

    /// `pages: true|false` or `{path_prefix, expire_in, publish}`.
    static func pages(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if NodeChecks.isBool(node) { return }
        guard let map = node.mapping else {
            scope.config("should be a hash or a boolean value", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.pagesKeys, scope: scope, into: &diagnostics)
        NodeChecks.checkString(map, "path_prefix", scope: scope, into: &diagnostics)
        NodeChecks.checkString(map, "publish", scope: scope, into: &diagnostics)
        if let expireIn = map["expire_in"], !expireIn.isNull {
            DurationCheck.check(expireIn, attribute: "expire_in", scope: scope, allowNever: true, into: &diagnostics)
        }
    }

    /// EE `secrets: {NAME: {vault | azure_key_vault | gcp_secret_manager | akeyless | gitlab_secrets_manager, file, token}}`.
    static func secrets(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        for entry in map.entries {
            let secret = scope.child(entry.key)
            guard let spec = entry.value.mapping else {
                secret.config("should be a hash", at: entry.value.mark, into: &diagnostics)
                continue
            }
            NodeChecks.checkAllowedKeys(spec, KeywordLists.secretKeys, scope: secret, into: &diagnostics)
            let providers = KeywordLists.secretProviders.filter { spec.contains($0) }
            if providers.count != 1 {
                secret.config("must use exactly one of these keys: " + KeywordLists.secretProviders.joined(separator: ", "),
                              at: entry.value.mark, into: &diagnostics)
            }
            if let vault = spec["vault"], !vault.isNull, !NodeChecks.isString(vault), vault.mapping == nil {
                diagnostics.error(vault.mark, secret.child("vault").bare("should be a hash or a string"))
            }
            if let file = spec["file"], !file.isNull {
                NodeChecks.checkBooleanEntry(file, scope: secret.child("file"), into: &diagnostics)
            }
            NodeChecks.checkString(spec, "token", scope: secret, into: &diagnostics)
            if spec["gcp_secret_manager"].map({ !NodeChecks.isBlank($0) }) == true,
               spec["token"].map({ !NodeChecks.isBlank($0) }) != true {
                secret.error("token", "is required with gcp secrets manager", at: entry.value.mark, into: &diagnostics)
            }
        }
    }

    /// EE `dast_configuration: {site_profile, scanner_profile}`.
    static func dastConfiguration(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.dastConfigurationKeys, scope: scope, into: &diagnostics)
        NodeChecks.checkString(map, "site_profile", scope: scope, into: &diagnostics)
        NodeChecks.checkString(map, "scanner_profile", scope: scope, into: &diagnostics)
    }
}
