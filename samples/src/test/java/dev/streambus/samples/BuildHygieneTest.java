package dev.streambus.samples;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a team needs to adopt the library stays true: coordinates in the README, the BOM, the licence. */
class BuildHygieneTest {

    private static final Path ROOT = Path.of("..");
    /** Modules that are not published: applications and the BOM itself. */
    private static final Set<String> UNPUBLISHED = Set.of("samples", "samples-spring", "benchmarks", "streambus-bom");

    @Test
    void theBomManagesEveryPublishedModuleAtTheReactorsVersion() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("streambus-bom/pom.xml"));
        assertEquals(text(root, "groupId"), text(bom, "groupId"));
        assertEquals(text(root, "version"), text(bom, "version"), "the BOM moves with the reactor's version");
        assertTrue(children(bom, "parent").isEmpty(), "the BOM has no parent: importing it pins no third-party versions");

        Set<String> published = new TreeSet<>();
        for (Element module : children(children(root, "modules").get(0), "module")) {
            if (!UNPUBLISHED.contains(module.getTextContent().trim())) {
                published.add(text(pom(ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml")), "artifactId"));
            }
        }
        Set<String> managed = new TreeSet<>();
        Element management = children(bom, "dependencyManagement").get(0);
        for (Element dependency : children(children(management, "dependencies").get(0), "dependency")) {
            assertEquals(text(root, "groupId"), text(dependency, "groupId"));
            assertEquals("${project.version}", text(dependency, "version"));
            managed.add(text(dependency, "artifactId"));
        }
        assertEquals(published, managed);
    }

    @Test
    void theReadmeStartsWithTheCoordinatesOfThisBuild() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml"));
        String group = text(root, "groupId");
        String version = text(root, "version");
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> sections = readme.lines().filter(l -> l.startsWith("## ")).toList();
        assertEquals("## Add it to your build", sections.get(0), "the first section after the intro");
        assertTrue(readme.contains("<groupId>" + group + "</groupId>\n      <artifactId>streambus-bom</artifactId>\n"
                + "      <version>" + version + "</version>"), "Maven: the BOM at this version");
        assertTrue(readme.contains("platform(\"" + group + ":streambus-bom:" + version + "\")"), "Gradle: the BOM");
        assertTrue(readme.contains("implementation(\"" + group + ":eventbus-core\")"), "Gradle: the core");
    }

    @Test
    void theLicenceIsApache2AndThePomSaysSo() throws Exception {
        assertTrue(Files.readString(ROOT.resolve("LICENSE")).contains("Apache License\n                           "
                + "Version 2.0, January 2004"));
        Element root = pom(ROOT.resolve("pom.xml"));
        Element license = children(children(root, "licenses").get(0), "license").get(0);
        assertEquals("Apache-2.0", text(license, "name"));
        for (String required : List.of("description", "url", "scm", "developers")) {
            assertEquals(1, children(root, required).size(), "the root pom has " + required);
        }
        assertTrue(Files.exists(ROOT.resolve("CHANGELOG.md")));
    }

    private static Element pom(Path path) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(path.toFile());
        return document.getDocumentElement();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name)) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertEquals(1, found.size(), () -> "one <" + name + "> in <" + parent.getNodeName() + ">");
        return found.get(0).getTextContent().trim();
    }
}
