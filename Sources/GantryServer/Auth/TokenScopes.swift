/// GitLab's token scopes and what each allows, as `Gitlab::Auth` maps them: `api` is everything,
/// `read_api` every read (the API's GET routes, cloning, pulling packages), `read_user` the user
/// routes, `read_repository`/`write_repository` git, and the deploy tokens' registry scopes.
enum TokenScopes {
    static let personal: Set<String> = ["api", "read_api", "read_user", "read_repository", "write_repository",
                                        "read_registry", "write_registry", "create_runner", "manage_runner", "sudo", "admin_mode",
                                        "ai_features", "k8s_proxy", "self_rotate", "read_service_ping"]
    static let deploy: Set<String> = ["read_repository", "read_registry", "write_registry", "read_package_registry",
                                      "write_package_registry", "read_virtual_registry"]

    /// API routes: reads accept read_api too; the user routes accept read_user.
    static func api(read: Bool, userRoute: Bool = false) -> Set<String> {
        var s: Set<String> = ["api"]
        if read { s.insert("read_api") }
        if read && userRoute { s.insert("read_user") }
        return s
    }

    static let gitDownload: Set<String> = ["api", "read_api", "read_repository", "write_repository"]
    static let gitPush: Set<String> = ["api", "write_repository"]
    static let packageRead: Set<String> = ["api", "read_api", "read_package_registry", "write_package_registry"]
    static let packageWrite: Set<String> = ["api", "write_package_registry"]
}
