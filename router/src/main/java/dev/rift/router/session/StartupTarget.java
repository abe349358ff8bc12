package dev.rift.router.session;

import dev.rift.pgwire.message.StartupMessage;
import dev.rift.storage.BranchName;

/**
 * Who connects and to which branch. The branch is the database name, or the part after the
 * last '@' of the user name ({@code alice@pr-42}) when that part is a valid branch name; the
 * user@branch form wins over the database name, for clients that cannot choose a database.
 *
 * @param otherDatabase with the user@branch form, the database the client named when it is another possible branch
 *                      name (not empty, not the same branch): the session checks that it names no branch, else the
 *                      client is refused rather than silently served the user name's branch; null otherwise
 */
public record StartupTarget(String user, String branch, String otherDatabase) {

    public static StartupTarget of(StartupMessage startup) {
        String user = startup.user();
        int at = user.lastIndexOf('@');
        if (at > 0 && BranchName.isValid(user.substring(at + 1))) {
            String branch = user.substring(at + 1);
            String database = startup.parameters().get("database");
            boolean other = database != null && !database.equals(branch) && BranchName.isValid(database);
            return new StartupTarget(user.substring(0, at), branch, other ? database : null);
        }
        return new StartupTarget(user, startup.database(), null);
    }
}
