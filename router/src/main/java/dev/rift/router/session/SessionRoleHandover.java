package dev.rift.router.session;

import dev.rift.cow.OverlayException;
import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.pgwire.message.SqlState;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.router.Route;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Hands an overlay branch's authenticated client over to its session role (docs/security.md): looks up the role's
 * login, opens a connection of the role's with {@link SessionRoleLogin}, and gives the session that connection once
 * the server is ready on it. The client's messages wait meanwhile (pipelined queries included).
 */
final class SessionRoleHandover {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final SessionServices services;
    private final Channel client;
    private final Route route;
    private final StartupMessage startup;
    private final BooleanSupplier ended;
    private final BiConsumer<Channel, BackendKeyData> ready;
    private final BiConsumer<String, String> fail;

    /**
     * @param ended whether the session ended meanwhile (a connection opened for it is then closed)
     * @param ready takes the session role's connection, ready for queries, and its backend's key
     * @param fail  ends the session with this SQLSTATE and message
     */
    SessionRoleHandover(SessionServices services, Channel client, Route route, StartupMessage startup,
                        BooleanSupplier ended, BiConsumer<Channel, BackendKeyData> ready,
                        BiConsumer<String, String> fail) {
        this.services = services;
        this.client = client;
        this.route = route;
        this.startup = startup;
        this.ended = ended;
        this.ready = ready;
        this.fail = fail;
    }

    void begin() {
        client.config().setAutoRead(false);
        String branch = route.branch();
        services.logins().login(branch, startup.user()).whenComplete((login, error) -> client.eventLoop().execute(() -> {
            if (ended.getAsBoolean()) {
                return;
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                log.warn("session role for {} on branch {}: {}", startup.user(), branch, cause.getMessage());
                String state = cause instanceof OverlayException o ? o.sqlState() : SqlState.CONNECTION_FAILURE;
                fail.accept(state, "could not open the branch session: " + cause.getMessage());
                return;
            }
            Promise<SessionRoleLogin.Ready> loggedIn = client.eventLoop().newPromise();
            services.connector().connect(client.eventLoop(), route.server(), new SessionRoleLogin(startup, login, loggedIn))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            loginFailed(f.cause());
                            return;
                        }
                        Channel roleChannel = (Channel) f.getNow();
                        loggedIn.addListener(r -> {
                            if (!r.isSuccess()) {
                                roleChannel.close();
                                loginFailed(r.cause());
                            } else if (ended.getAsBoolean()) {
                                roleChannel.close();
                            } else {
                                ready.accept(roleChannel, loggedIn.getNow().key());
                            }
                        });
                    });
        }));
    }

    private void loginFailed(Throwable cause) {
        if (ended.getAsBoolean()) {
            return;
        }
        log.warn("branch session of {} on {}: {}", startup.user(), route.branch(), cause.getMessage());
        String state = cause instanceof SessionRoleLogin.LoginRefused refused ? refused.sqlState()
                : SqlState.CONNECTION_FAILURE;
        fail.accept(state, "could not open the branch session: " + cause.getMessage());
    }
}
