/// Which packages `Store.packages(projectIDs:filter:page:perPage:)` lists, and in what order:
/// GitLab's `package_type`, `package_name` (a substring of the normalized name: the caller
/// normalizes it, `Acme_Math` finds `acme-mathx`),
/// `package_version`, `order_by` and `sort`. Hidden packages (GitLab's `status=hidden`) are never listed.
public struct PackageFilter: Sendable, Equatable {
    public enum Order: String, Sendable, CaseIterable {
        case createdAt = "created_at"
        case name
        case version
        case type
    }

    public var packageType: String?
    public var nameContains: String?
    public var version: String?
    public var orderBy: Order
    public var ascending: Bool

    public init(packageType: String? = nil, nameContains: String? = nil, version: String? = nil,
                orderBy: Order = .createdAt, ascending: Bool = true) {
        self.packageType = packageType
        self.nameContains = nameContains
        self.version = version
        self.orderBy = orderBy
        self.ascending = ascending
    }
}
