package kg.devserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.server.CommunityBootstrapper;

/**
 * Runs a Neo4j 5 Community server (the same bootstrapper as `neo4j console`) on 127.0.0.1: Bolt,
 * plus HTTP serving the Neo4j Browser and the kg Browser content (guide, style) under /kg.
 *
 * <p>Usage: DevServer HOME BOLT_PORT HTTP_PORT. HOME holds data/ and logs/; data already there is
 * kept (the script wipes it for --fresh). The password for user "neo4j" is read from the
 * NEO4J_PASSWORD environment variable (never from arguments, so it stays out of `ps`) and set on
 * every start, so a restart on existing data works with the same (or a new) password. Prints one
 * line "READY bolt://127.0.0.1:BOLT http://localhost:HTTP" on stdout once both accept connections.
 */
public final class DevServer {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: DevServer HOME BOLT_PORT HTTP_PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int bolt = Integer.parseInt(args[1]);
    int http = Integer.parseInt(args[2]);
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      System.err.println("NEO4J_PASSWORD must be set (at least 8 characters)");
      System.exit(2);
    }
    Files.createDirectories(home);
    CommunityBootstrapper server = new CommunityBootstrapper();
    int status = server.start(home, settings(home, bolt, http));
    if (status != 0) {
      System.err.println("Neo4j did not start (status " + status + "); see " + home.resolve("logs"));
      System.exit(status);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kg-neo4j-shutdown"));
    setPassword(server.getDatabaseManagementService(), password);
    System.out.println("READY bolt://127.0.0.1:" + bolt + " http://localhost:" + http);
    System.out.flush();
    Thread.currentThread().join();
  }

  static Map<String, String> settings(Path home, int bolt, int http) {
    String site = "http://localhost:" + http + "/kg";
    Map<String, String> s = new LinkedHashMap<>();
    s.put("server.directories.data", home.resolve("data").toString());
    s.put("server.directories.logs", home.resolve("logs").toString());
    s.put("server.directories.import", home.resolve("import").toString());
    s.put("server.default_listen_address", "127.0.0.1");
    s.put("server.bolt.enabled", "true");
    s.put("server.bolt.listen_address", "127.0.0.1:" + bolt);
    // The Browser connects to the advertised Bolt address; "localhost" is what its allowlist trusts.
    s.put("server.bolt.advertised_address", "localhost:" + bolt);
    s.put("server.http.enabled", "true");
    s.put("server.http.listen_address", "127.0.0.1:" + http);
    s.put("server.http.advertised_address", "localhost:" + http);
    s.put("server.https.enabled", "false");
    s.put("dbms.security.auth_enabled", "true");
    s.put("db.transaction.timeout", "5m");
    // No phoning home: usage reports and Browser telemetry off.
    s.put("dbms.usage_report.enabled", "false");
    s.put("internal.dbms.usage_report.udc_network_enabled", "false");
    s.put("client.allow_telemetry", "false");
    // LOAD CSV may not read local files through this server.
    s.put("dbms.security.allow_csv_import_from_file_urls", "false");
    // The kg Browser content: served by this server (KgContent under /kg), applied on connect.
    s.put("server.unmanaged_extension_classes", "kg.devserver.browser=/kg");
    s.put("dbms.security.http_auth_allowlist", "/,/browser.*,/kg/.*");
    s.put("browser.remote_content_hostname_whitelist", "localhost");
    s.put("browser.post_connect_cmd", "style " + site + "/style.grass; play " + site + "/guide.html");
    s.put("server.memory.heap.max_size", "1g");
    return s;
  }

  /** Sets the password on every start; "the same password as before" is not an error. */
  static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      dbms.database("system")
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              Map.of("password", password));
    } catch (RuntimeException error) {
      String message = String.valueOf(error.getMessage());
      if (!message.contains("Old password and new password cannot be the same")) {
        throw error;
      }
    }
  }
}
