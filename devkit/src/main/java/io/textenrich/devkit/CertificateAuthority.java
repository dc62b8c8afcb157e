package io.textenrich.devkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and the broker's key pair signed by it, made with the JDK's {@code keytool}
 * (no extra library): {@code ca.pem} for clients' trust stores, {@code broker.p12} for the broker, valid two days
 * for {@code localhost} and {@code 127.0.0.1}. Also keeps the secured listener's settings for the broker process in
 * {@code secured.properties}, readable by the owner only.
 */
final class CertificateAuthority {

    static final String CA_CERTIFICATE = "ca.pem";
    static final String BROKER_KEYSTORE = "broker.p12";
    private static final String SETTINGS = "secured.properties";

    private CertificateAuthority() {
    }

    /** The directory under a broker's data dir that holds the generated files. */
    static Path directory(Path dataDir) {
        return dataDir.resolve("tls");
    }

    /** Generates the CA and the broker keystore unless they exist, and records the listener's settings. */
    static void prepare(Path dataDir, SecuredListener listener) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(directory(dataDir));
        Path settingsFile = dir.resolve(SETTINGS);
        if (Files.exists(settingsFile)) {
            return;
        }
        String storePassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=enrich devkit test CA", "-ext", "bc:c",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12",
                "-storepass", storePassword);
        keytool(dir, "-genkeypair", "-alias", "broker", "-dname", "CN=localhost", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-keystore", BROKER_KEYSTORE, "-storetype", "PKCS12", "-storepass", storePassword);
        keytool(dir, "-certreq", "-alias", "broker", "-keystore", BROKER_KEYSTORE, "-storepass", storePassword,
                "-file", "broker.csr");
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", storePassword,
                "-infile", "broker.csr", "-outfile", "broker.pem", "-rfc", "-validity", "2",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1");
        keytool(dir, "-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", storePassword, "-rfc",
                "-file", CA_CERTIFICATE);
        keytool(dir, "-importcert", "-alias", "ca", "-file", CA_CERTIFICATE, "-keystore", BROKER_KEYSTORE,
                "-storepass", storePassword, "-noprompt");
        keytool(dir, "-importcert", "-alias", "broker", "-file", "broker.pem", "-keystore", BROKER_KEYSTORE,
                "-storepass", storePassword, "-noprompt");
        Properties settings = new Properties();
        settings.setProperty("user", listener.user());
        settings.setProperty("password", listener.password());
        settings.setProperty("keystore.password", storePassword);
        try (OutputStream out = Files.newOutputStream(settingsFile)) {
            settings.store(out, "Secured listener of the development broker");
        }
        settingsFile.toFile().setReadable(false, false);
        settingsFile.toFile().setReadable(true, true);
    }

    /** What {@link #prepare} recorded, for the broker process. */
    static Settings settings(Path dataDir) throws IOException {
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(directory(dataDir).resolve(SETTINGS))) {
            settings.load(in);
        }
        return new Settings(new SecuredListener(settings.getProperty("user"), settings.getProperty("password")),
                directory(dataDir).resolve(BROKER_KEYSTORE), settings.getProperty("keystore.password"));
    }

    record Settings(SecuredListener listener, Path keystore, String keystorePassword) {
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed in " + dir + ": "
                    + new String(output, StandardCharsets.UTF_8).strip());
        }
    }
}
