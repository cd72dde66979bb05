"""The circulaire as versioned, pure-Python rules. No Django imports here (a test enforces it).

Every outcome carries its reasons with the circulaire paragraph and the policy version, so that whatever the
system proposes or records can be traced to the rule that produced it.
"""
