/// GitLab's access levels (roles). `admin` is above every role: administrators, and the
/// "administrators only" level of protected refs.
enum Role {
    static let noAccess = 0
    static let guest = 10
    static let reporter = 20
    static let developer = 30
    static let maintainer = 40
    static let owner = 50
    static let admin = 60

    static let memberLevels = [guest, reporter, developer, maintainer, owner]

    static func name(_ level: Int) -> String {
        switch level {
        case guest: "Guest"
        case reporter: "Reporter"
        case developer: "Developer"
        case maintainer: "Maintainer"
        case owner: "Owner"
        case admin: "Admin"
        default: "No access"
        }
    }
}
