//! The first command on each line that a finding points at: the checklist files a finding
//! without a step of its own under the step its command performs. Only the lines findings point
//! at are keyed, as numbers, not every command's line by its path's text: a map of a large
//! transcript folder's every command was 4 MB at the run's peak (issue #14).

use crate::findings::Finding;
use crate::model::{Command, Location, Model};

/// A line: its file's path as a number ([`crate::model::SharedPath::number`]) and the line.
type Line = (u32, u32);

/// The first command, in model order, on each line some finding points at.
pub(super) struct CommandsAt<'m> {
    /// The lines, sorted and without repeats.
    lines: Vec<Line>,
    /// By position in `lines`: the first command on that line.
    commands: Vec<Option<&'m Command>>,
}

impl<'m> CommandsAt<'m> {
    /// The commands on the lines `findings` point at (their own locations; a whole file is no
    /// line).
    pub(super) fn new<'f>(
        model: &'m Model,
        findings: impl Iterator<Item = &'f Finding>,
    ) -> CommandsAt<'m> {
        let mut lines: Vec<Line> = findings
            .filter_map(|f| f.location.as_ref().filter(|l| !l.is_whole_file()))
            .map(line_of)
            .collect();
        lines.sort_unstable();
        lines.dedup();
        let mut commands = vec![None; lines.len()];
        for c in &model.commands {
            if let Ok(i) = lines.binary_search(&line_of(&c.location)) {
                commands[i].get_or_insert(c);
            }
        }
        CommandsAt { lines, commands }
    }

    /// The first command on the line of `location`, if a finding points at that line.
    pub(super) fn get(&self, location: &Location) -> Option<&'m Command> {
        let i = self.lines.binary_search(&line_of(location)).ok()?;
        self.commands.get(i).copied().flatten()
    }
}

fn line_of(l: &Location) -> Line {
    (l.path.number(), l.line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;

    fn command(index: usize, path: &str, line: u32) -> Command {
        Command {
            index,
            name: "Set-MsolServicePrincipal".into(),
            arguments: Vec::new(),
            text: "Set-MsolServicePrincipal".into(),
            location: Location::new(path, line, 1, 3),
            origin: crate::model::Origin::Transcript,
            outcome: crate::model::Outcome::Failed,
            assigned_to: None,
            piped_into: Box::default(),
            pipeline_input: None,
            error: None,
            file: 0,
            order: index,
            conditional: false,
            named_app_ids: None,
        }
    }

    fn finding(path: &str, line: u32) -> Finding {
        Finding {
            rule: "test/rule".into(),
            severity: Severity::Error,
            message: String::new(),
            location: Some(Location::new(path, line, 5, 1)),
            fix: None,
            source_line: None,
            related: Vec::new(),
            subject: None,
        }
    }

    #[test]
    fn the_first_command_on_a_finding_line_is_found() {
        let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
        model.commands = vec![
            command(0, "a.ps1", 1),
            command(1, "a.ps1", 2),
            command(2, "a.ps1", 2),
            command(3, "b.ps1", 2),
        ];
        let findings = [
            finding("a.ps1", 2),
            finding("b.ps1", 2),
            finding("b.ps1", 9),
        ];
        let at = CommandsAt::new(&model, findings.iter());
        let index =
            |path: &str, line: u32| at.get(&Location::new(path, line, 1, 1)).map(|c| c.index);
        assert_eq!(index("a.ps1", 2), Some(1));
        assert_eq!(index("b.ps1", 2), Some(3));
        // A line no command is on, and one no finding points at.
        assert_eq!(index("b.ps1", 9), None);
        assert_eq!(index("a.ps1", 1), None);
    }
}
