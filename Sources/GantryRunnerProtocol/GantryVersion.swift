/// Gantry's version (the server's, the CLI's and the runner's `info`), and the GitLab version
/// whose API it follows (tools such as python-gitlab read `/api/v4/version` to decide which
/// features to use).
public enum GantryVersion {
    public static let current = "0.2.0"
    public static let gitLabCompatible = "17.5.0"
}
