// The invoked build passed; make sure it really ran every kit (a kit that runs nothing would pass too).
import groovy.xml.XmlSlurper

def reports = new File(basedir, 'target/surefire-reports')
assert reports.isDirectory() : "no surefire reports: the kits did not run"

def totals = [tests: 0, failures: 0, skipped: 0]
def byFile = [:]
reports.eachFileMatch(~/TEST-.*\.xml/) { f ->
    def suite = new XmlSlurper().parse(f)
    int tests = suite.@tests.toInteger()
    int failures = suite.@failures.toInteger() + suite.@errors.toInteger()
    int skipped = suite.@skipped.toInteger()
    byFile[f.name] = tests - skipped
    totals.tests += tests
    totals.failures += failures
    totals.skipped += skipped
    println "kit-consumer: ${f.name}: ${tests} tests, ${failures} failed, ${skipped} skipped"
}
assert totals.failures == 0

def ran = { String name -> byFile.findAll { k, v -> k.contains(name) }.values().sum() ?: 0 }
// the secret store kit on the store, writable and read-only
assert ran('PropertiesSecretStoreCompatibilityTest') >= 20 : "the secret store kit did not run: ${byFile}"
// the provider kit: ServiceLoader, property validation, and the store kit again on the store the provider built
assert ran('PropertiesSecretStoreProviderCompatibilityTest') >= 5 : "the provider kit did not run: ${byFile}"
assert ran('ProviderCompatibilityKit$CreatedSecretStore') >= 20 : "the provider-built store did not run the store kit: ${byFile}"
println "kit-consumer: ${totals.tests} kit tests, ${totals.failures} failed, ${totals.skipped} skipped"
