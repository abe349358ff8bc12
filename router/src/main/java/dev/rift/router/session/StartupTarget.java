package dev.rift.router.session;

import dev.rift.pgwire.message.StartupMessage;
import dev.rift.storage.BranchName;

/**
 * Who connects and to which branch. The branch is the database name, or the part after the
 * last '@' of the user name ({@code alice@pr-42}) when that part is a valid branch name; the
 * user@branch form wins over the database name, for clients that cannot choose a database.
 */
public record StartupTarget(String user, String branch) {

    public static StartupTarget of(StartupMessage startup) {
        String user = startup.user();
        int at = user.lastIndexOf('@');
        if (at > 0 && BranchName.isValid(user.substring(at + 1))) {
            return new StartupTarget(user.substring(0, at), user.substring(at + 1));
        }
        return new StartupTarget(user, startup.database());
    }
}
