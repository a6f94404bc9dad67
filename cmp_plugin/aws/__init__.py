"""AWS Secrets Manager for fleet members: check that each spoke's secret holds what the
ExternalSecret reads, and create or update a spoke's secret.

boto3 is imported only inside these modules' functions, so that no other command pays for it.
"""
