package io.textenrich.devkit;

import java.util.Objects;

/**
 * A second client listener on the broker: SASL_SSL with SCRAM-SHA-512, its certificate signed by a certificate
 * authority generated for this broker alone. The plain listener stays for the broker's own traffic and for
 * {@link KafkaBroker#createTopics}; clients under test connect to {@link KafkaBroker#securedBootstrapServers()}.
 *
 * @param user     the SCRAM user created when the broker's storage is formatted
 * @param password its password
 */
public record SecuredListener(String user, String password) {

    public SecuredListener {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!user.matches("[A-Za-z0-9_-]+") || !password.matches("[A-Za-z0-9_-]+")) {
            // The user and password travel inside Kafka's --add-scram and JAAS syntax, which quote nothing.
            throw new IllegalArgumentException("user and password must be letters, digits, '_' or '-'");
        }
    }

    @Override
    public String toString() {
        return "SecuredListener[user=" + user + ", password=(hidden)]";
    }
}
