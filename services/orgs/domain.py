"""Organization rules as plain Python: no Flask, no peewee, no pika."""
LEGAL_REPRESENTATIVE = "legal_representative"
ADMINISTRATOR = "administrator"
COLLABORATOR = "collaborator"
ROLES = (LEGAL_REPRESENTATIVE, ADMINISTRATOR, COLLABORATOR)  # OR3


def founder_role():
    """ID3 / OR2: whoever creates an organization becomes its legal representative."""
    return LEGAL_REPRESENTATIVE
