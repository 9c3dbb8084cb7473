package dev.sojourn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample in a real browser: Debian's {@code chromium}, headless through {@code chromedriver},
 * on {@code http://localhost} (where Chromium keeps the {@code Secure} {@code __Host-} cookie).
 * Runs only with {@code -Pbrowser}; paths overridable with {@code -Dchromium.binary=...} and {@code
 * -Dchromedriver=...}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleBrowserTest {
  private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  private static final String CHROMEDRIVER =
      System.getProperty("chromedriver", "/usr/bin/chromedriver");

  @LocalServerPort int port;
  private Path profile;
  private WebDriver browser;

  @BeforeEach
  void openChromium() throws IOException {
    assertThat(new File(CHROMIUM)).as("Chromium (apt-get install -y chromium)").canRead();
    assertThat(new File(CHROMEDRIVER))
        .as("chromedriver (apt-get install -y chromium-driver)")
        .canRead();
    profile = Files.createTempDirectory("sojourn-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeChromium() throws IOException {
    browser.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void await(String id, String text) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id(id), text));
  }

  private Cookie sessionCookie(String when) {
    Cookie cookie = browser.manage().getCookieNamed("__Host-sojourn");
    if (cookie == null) {
      throw new AssertionError("Chromium kept no __Host-sojourn cookie: " + when);
    }
    return cookie;
  }

  @Test
  void signIn_increment_seeTheCounter_signOut() {
    browser.get("http://localhost:" + port + "/");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.urlContains("/login"));
    Cookie anonymous = sessionCookie("the login form's CSRF token keeps a session");

    browser.findElement(By.id("username")).sendKeys("alice");
    browser.findElement(By.id("password")).sendKeys("wonderland");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    await("user", "alice");
    await("counter", "0");
    Cookie signedIn = sessionCookie("signed in");
    assertThat(signedIn.getValue()).as("a new ID at sign-in").isNotEqualTo(anonymous.getValue());
    assertThat(signedIn.isSecure()).isTrue();
    assertThat(signedIn.isHttpOnly()).isTrue();

    browser.findElement(By.id("increment")).click();
    await("counter", "1");
    browser.findElement(By.id("increment")).click();
    await("counter", "2");
    browser.navigate().refresh();
    await("counter", "2");

    browser.findElement(By.id("sessions-link")).click();
    await("session-count", "1 session");
    browser.navigate().back();

    browser.findElement(By.id("logout")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.urlContains("/login?logout"));
    Cookie after = browser.manage().getCookieNamed("__Host-sojourn");
    assertThat(after == null ? null : after.getValue())
        .as("the signed-in ID is gone from the browser")
        .isNotEqualTo(signedIn.getValue());
    browser.get("http://localhost:" + port + "/");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.urlContains("/login"));
  }
}
