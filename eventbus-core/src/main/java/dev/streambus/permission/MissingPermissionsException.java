package dev.streambus.permission;

import dev.streambus.redis.connect.RedisOperationException;

import java.util.List;

/**
 * The Redis ACL user lacks commands or keys a component needs; thrown at start, before anything was read or written.
 * The message names the user, each missing command (with its ACL category) or key, and an {@code ACL SETUSER} line
 * that grants what the component needs (password masked).
 */
public final class MissingPermissionsException extends RedisOperationException {

    private static final long serialVersionUID = 1L;

    private final String user;
    private final transient List<Missing> missing;
    private final String aclLine;

    /**
     * One refusal.
     *
     * @param permission what was probed
     * @param keyOnly    true when the command is allowed but not on this key
     */
    public record Missing(Permission permission, boolean keyOnly) {
        @Override
        public String toString() {
            Permission p = permission;
            return keyOnly ? "key '" + p.key() + "' (for " + p.command() + ")"
                    : p.command() + " (" + p.category() + ")" + (p.key() == null ? "" : " on '" + p.key() + "'");
        }
    }

    MissingPermissionsException(String message, String user, List<Missing> missing, String aclLine) {
        super(message, null);
        this.user = user;
        this.missing = List.copyOf(missing);
        this.aclLine = aclLine;
    }

    /** The ACL user name ({@code default} when none was given). */
    public String user() {
        return user;
    }

    /** What Redis refused. */
    public List<Missing> missing() {
        return missing;
    }

    /** {@code ACL SETUSER <user> on >*** ~<keys> +<commands>}: what the component needs, password masked. */
    public String aclLine() {
        return aclLine;
    }
}
