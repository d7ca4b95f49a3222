import Foundation
import Testing
@testable import GantryStore

/// The package registry's rows: packages keyed by normalized name and version, files unique per
/// project, the queries behind index pages, and deletes that report what to remove from disk.
struct PackageTests {
    func package(_ f: Fixture, _ name: String = "My_Pkg", _ version: String = "1.0", project: Int? = nil) -> PackageRecord {
        PackageRecord(projectID: project ?? f.project.id, name: name, normalizedName: name.lowercased().replacingOccurrences(of: "_", with: "-"),
                      version: version, normalizedVersion: version.replacingOccurrences(of: ".0", with: ""), createdAt: date(0))
    }

    func file(_ f: Fixture, _ name: String, sha: String = String(repeating: "a", count: 64), at seconds: Double = 0,
              project: Int? = nil) -> PackageFileRecord {
        PackageFileRecord(projectID: project ?? f.project.id, fileName: name, size: 10, sha256: sha, fileType: "sdist",
                          requiresPython: ">=3.9", createdAt: date(seconds))
    }

    @Test func filesOfOneVersionShareTheirPackageWhateverTheSpelling() throws {
        let f = try Fixture()
        let first = try f.store.addPackageFile(file(f, "My_Pkg-1.0.tar.gz"), package: package(f))
        #expect(first.package.id > 0 && first.file.id > 0)
        #expect(first.file.packageID == first.package.id)
        // A wheel for the same version, uploaded later under another spelling of name and version.
        let second = try f.store.addPackageFile(file(f, "my_pkg-1.0.0-py3-none-any.whl", sha: String(repeating: "b", count: 64), at: 5),
                                                package: package(f, "my-pkg", "1.0.0"))
        #expect(second.package.id == first.package.id)
        #expect(second.package.name == "My_Pkg")
        #expect(second.package.updatedAt == date(5))
        #expect(try f.store.package(id: first.package.id)?.updatedAt == date(5))
        #expect(try f.store.packageFiles(packageID: first.package.id).map(\.fileName)
            == ["My_Pkg-1.0.tar.gz", "my_pkg-1.0.0-py3-none-any.whl"])
    }

    @Test func aFileNameIsTakenOncePerProjectAndAFailedAddLeavesNoPackage() throws {
        let f = try Fixture()
        _ = try f.store.addPackageFile(file(f, "My_Pkg-1.0.tar.gz"), package: package(f))
        // Same name, other version: the conflict rolls back the new package too.
        #expect(throws: StoreError.self) {
            try f.store.addPackageFile(file(f, "my_pkg-1.0.TAR.GZ"), package: package(f, "My_Pkg", "2.0"))
        }
        let all = try f.store.packages(projectIDs: [f.project.id], filter: PackageFilter(), page: 1, perPage: 20)
        #expect(all.items.map(\.version) == ["1.0"])
        #expect(try f.store.packageFile(projectID: f.project.id, fileName: "my_pkg-1.0.TAR.GZ")?.fileName == "My_Pkg-1.0.tar.gz")
        // Another project may hold the same file name and the same content.
        let other = try f.store.createProject(makeProject("other", namespace: "alice", creator: f.user.id))
        _ = try f.store.addPackageFile(file(f, "My_Pkg-1.0.tar.gz", project: other.id), package: package(f, project: other.id))
        #expect(try f.store.packageFileCount(sha256: String(repeating: "a", count: 64)) == 2)
    }

    @Test func indexQueriesSpanTheGivenProjects() throws {
        let f = try Fixture()
        let other = try f.store.createProject(makeProject("other", namespace: "alice", creator: f.user.id))
        _ = try f.store.addPackageFile(file(f, "My_Pkg-1.0.tar.gz"), package: package(f))
        _ = try f.store.addPackageFile(file(f, "My_Pkg-2.0.tar.gz", sha: String(repeating: "c", count: 64), project: other.id),
                                       package: package(f, "My_Pkg", "2.0", project: other.id))
        _ = try f.store.addPackageFile(file(f, "zeta-1.0.tar.gz", sha: String(repeating: "d", count: 64)), package: package(f, "Zeta"))

        let names = try f.store.packageNames(projectIDs: [f.project.id, other.id], packageType: "pypi")
        #expect(names.map(\.normalizedName) == ["my-pkg", "zeta"])
        #expect(names.map(\.name) == ["My_Pkg", "Zeta"])
        #expect(try f.store.packageNames(projectIDs: [other.id], packageType: "pypi").map(\.name) == ["My_Pkg"])
        #expect(try f.store.packageNames(projectIDs: [f.project.id], packageType: "maven").isEmpty)

        let page = try f.store.packageFiles(projectIDs: [f.project.id, other.id], packageType: "pypi", normalizedName: "my-pkg")
        #expect(page.map(\.file.fileName) == ["My_Pkg-1.0.tar.gz", "My_Pkg-2.0.tar.gz"])
        #expect(page.map(\.package.version) == ["1.0", "2.0"])
        #expect(page[0].file.requiresPython == ">=3.9")

        let found = try f.store.packageFile(projectIDs: [other.id], sha256: String(repeating: "c", count: 64), fileName: "My_Pkg-2.0.tar.gz")
        #expect(found?.projectID == other.id)
        #expect(try f.store.packageFile(projectIDs: [f.project.id], sha256: String(repeating: "c", count: 64),
                                        fileName: "My_Pkg-2.0.tar.gz") == nil)
    }

    @Test func listsFilterAndOrderAsGitLabDoes() throws {
        let f = try Fixture()
        for (index, (name, version)) in [("beta", "2.0"), ("alpha", "1.0"), ("alpha-tools", "3.0")].enumerated() {
            var p = package(f, name, version)
            p.createdAt = date(Double(index))
            _ = try f.store.addPackageFile(file(f, "\(name)-\(version).tar.gz", sha: String(repeating: "\(index)", count: 64)), package: p)
        }
        func names(_ filter: PackageFilter, page: Int = 1, perPage: Int = 20) throws -> [String] {
            try f.store.packages(projectIDs: [f.project.id], filter: filter, page: page, perPage: perPage).items.map(\.name)
        }
        #expect(try names(PackageFilter()) == ["beta", "alpha", "alpha-tools"])
        #expect(try names(PackageFilter(orderBy: .name)) == ["alpha", "alpha-tools", "beta"])
        #expect(try names(PackageFilter(orderBy: .version, ascending: false)) == ["alpha-tools", "beta", "alpha"])
        #expect(try names(PackageFilter(nameContains: "ALPHA")) == ["alpha", "alpha-tools"])
        #expect(try names(PackageFilter(version: "2.0")) == ["beta"])
        #expect(try names(PackageFilter(packageType: "npm")).isEmpty)
        let second = try f.store.packages(projectIDs: [f.project.id], filter: PackageFilter(), page: 2, perPage: 2)
        #expect(second.items.map(\.name) == ["alpha-tools"])
        #expect(second.total == 3)
    }

    @Test func deletesReturnTheFilesTheyRemoved() throws {
        let f = try Fixture()
        let sdist = try f.store.addPackageFile(file(f, "My_Pkg-1.0.tar.gz"), package: package(f))
        let wheel = try f.store.addPackageFile(file(f, "My_Pkg-1.0-py3-none-any.whl", sha: String(repeating: "b", count: 64)),
                                               package: package(f))
        #expect(try f.store.deletePackageFile(id: wheel.file.id)?.sha256 == String(repeating: "b", count: 64))
        #expect(try f.store.deletePackageFile(id: wheel.file.id) == nil)
        #expect(try f.store.package(id: sdist.package.id) != nil)
        // A package whose files are all gone is not in the index.
        _ = try f.store.addPackageFile(file(f, "Other-1.0.tar.gz", sha: String(repeating: "e", count: 64)), package: package(f, "Other"))
        let other = try f.store.packageFiles(projectIDs: [f.project.id], packageType: "pypi", normalizedName: "other")
        _ = try f.store.deletePackageFile(id: other[0].file.id)
        #expect(try f.store.packageNames(projectIDs: [f.project.id], packageType: "pypi").map(\.name) == ["My_Pkg"])

        let removed = try f.store.deletePackage(id: sdist.package.id)
        #expect(removed.map(\.fileName) == ["My_Pkg-1.0.tar.gz"])
        #expect(try f.store.package(id: sdist.package.id) == nil)
        #expect(try f.store.packageFileCount(sha256: String(repeating: "a", count: 64)) == 0)
        #expect(try f.store.deletePackage(id: sdist.package.id).isEmpty)
        // The name is free again.
        _ = try f.store.addPackageFile(file(f, "My_Pkg-1.0.tar.gz"), package: package(f))
    }

    @Test func packagesSurviveAReopen() throws {
        let f = try Fixture()
        let added = try f.store.addPackageFile(file(f, "My_Pkg-1.0.tar.gz"), package: package(f))
        let reopened = try f.reopen()
        #expect(try reopened.package(id: added.package.id) == added.package)
        #expect(try reopened.packageFiles(packageID: added.package.id) == [added.file])
    }
}

struct PackageMigrationTests {
    @Test func aDatabaseFromBeforeTheRegistryGainsItsTables() throws {
        let dir = TempDirectory()
        do {
            let old = try SQLiteStore(path: dir.databasePath, migrations: [Schema.v1])
            try old.setSetting("kept", "yes")
        }
        let store = try SQLiteStore(path: dir.databasePath)
        #expect(try store.setting("kept") == "yes")
        let user = try store.createUser(UserRecord(username: "bob", name: "Bob", email: "bob@example.com", createdAt: date(0)))
        let project = try store.createProject(makeProject("lib", namespace: "bob", creator: user.id))
        let added = try store.addPackageFile(
            PackageFileRecord(projectID: project.id, fileName: "lib-1.0.tar.gz", size: 1, sha256: "ab", fileType: "sdist", createdAt: date(0)),
            package: PackageRecord(projectID: project.id, name: "lib", normalizedName: "lib", version: "1.0", normalizedVersion: "1",
                                   createdAt: date(0)))
        #expect(try store.packageFiles(packageID: added.package.id).count == 1)
    }
}
